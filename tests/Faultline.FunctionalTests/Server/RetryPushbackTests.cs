using Faultline.FunctionalTests.Infrastructure;
using Faultline.FunctionalTests.Services;
using Google.Rpc;
using Grpc.Net.Client.Configuration;

namespace Faultline.FunctionalTests.Server;

/// <summary>
/// A status with a RetryInfo also carries grpc-retry-pushback-ms, so a gRFC A6 client waits as long
/// as the server asked. grpc-dotnet's retries read it from a Trailers-Only response, which is what a
/// failure before any message is, thrown or set.
/// </summary>
public class RetryPushbackTests
{
    [Theory]
    [InlineData(Modes.SetRetryInfo)]
    [InlineData(Modes.ThrowRetryInfo)]
    public async Task RetryInfo_IsAnnouncedAsPushback_InTheTrailersOnlyHeaders(string mode)
    {
        await using var server = await CallsServer.StartAsync();
        using var raw = new RawGrpcClient(server.Address);

        var status = WireStatus.Read(await raw.PostAsync(CallPaths.Unary, RawGrpcClient.Body(new CallRequest { Mode = mode, Size = 1500 }))).AssertAgree();

        Assert.True(status.TrailersOnly);
        Assert.Equal(["1500"], status.Values("grpc-retry-pushback-ms"));
        Assert.Equal(1.5, status.Detail<RetryInfo>()!.RetryDelay.ToTimeSpan().TotalSeconds);
    }

    [Fact]
    public async Task SendRetryPushbackOff_SendsNoPushback_ButKeepsRetryInfo()
    {
        await using var server = await CallsServer.StartAsync(faultlineOptions: o => o.SendRetryPushback = false);
        using var raw = new RawGrpcClient(server.Address);

        var status = WireStatus.Read(await raw.PostAsync(CallPaths.Unary, RawGrpcClient.Body(new CallRequest { Mode = Modes.ThrowRetryInfo, Size = 1500 })));

        Assert.Empty(status.Values("grpc-retry-pushback-ms"));
        Assert.NotNull(status.Detail<RetryInfo>());
    }

    [Fact]
    public async Task StatusWithoutRetryInfo_SendsNoPushback()
    {
        await using var server = await CallsServer.StartAsync();
        using var raw = new RawGrpcClient(server.Address);

        var status = WireStatus.Read(await raw.PostAsync(CallPaths.Unary, RawGrpcClient.Body(new CallRequest { Mode = Modes.ThrowTyped })));

        Assert.Empty(status.Values("grpc-retry-pushback-ms"));
    }

    [Fact]
    public async Task GrpcDotnetRetryPolicy_WaitsThePushback_BeforeTheNextAttempt()
    {
        await using var server = await CallsServer.StartAsync();
        var client = server.CreateFaultlineClient(channel: o => o.ServiceConfig = RetryUnavailableQuickly());
        const int pushbackMs = 400;

        var reply = await client.UnaryAsync(new CallRequest { Mode = Modes.FailAttempts, Text = "pushback-1", Count = 1, Size = pushbackMs });

        Assert.Equal("unary pushback-1", reply.Text);
        var attempts = server.Attempts.Of("pushback-1");
        Assert.Equal(2, attempts.Count);
        // The policy's own backoff is 1-5 ms; only the server's pushback explains a longer wait.
        Assert.True(attempts[1] - attempts[0] >= TimeSpan.FromMilliseconds(pushbackMs - 20), $"second attempt after {(attempts[1] - attempts[0]).TotalMilliseconds} ms");
    }

    [Fact]
    public async Task GrpcDotnetRetryPolicy_WithoutPushback_RetriesOnItsOwnBackoff()
    {
        await using var server = await CallsServer.StartAsync(faultlineOptions: o => o.SendRetryPushback = false);
        var client = server.CreateFaultlineClient(channel: o => o.ServiceConfig = RetryUnavailableQuickly());

        await client.UnaryAsync(new CallRequest { Mode = Modes.FailAttempts, Text = "no-pushback", Count = 1, Size = 2000 });

        var attempts = server.Attempts.Of("no-pushback");
        Assert.Equal(2, attempts.Count);
        Assert.True(attempts[1] - attempts[0] < TimeSpan.FromMilliseconds(2000), $"second attempt after {(attempts[1] - attempts[0]).TotalMilliseconds} ms");
    }

    private static ServiceConfig RetryUnavailableQuickly() => new()
    {
        MethodConfigs =
        {
            new MethodConfig
            {
                Names = { MethodName.Default },
                RetryPolicy = new RetryPolicy
                {
                    MaxAttempts = 3,
                    InitialBackoff = TimeSpan.FromMilliseconds(1),
                    MaxBackoff = TimeSpan.FromMilliseconds(5),
                    BackoffMultiplier = 1,
                    RetryableStatusCodes = { StatusCode.Unavailable },
                },
            },
        },
    };
}
