using Faultline.FunctionalTests.Infrastructure;
using Faultline.FunctionalTests.Services;
using Google.Rpc;
using Grpc.Net.Client.Configuration;
using Microsoft.Extensions.Logging;

namespace Faultline.FunctionalTests.Server;

/// <summary>
/// A status never grows past its budget: on real Kestrel, a status above the client's 64 KiB header
/// limit is lost (the client reports UNAVAILABLE and retry policies retry it). Faultline cuts it to
/// the budget, least useful part first, and logs what it dropped.
/// </summary>
public class StatusSizeTests
{
    private static readonly MethodType[] Kinds = CallPaths.AllKinds;

    [Fact]
    public async Task HugeDetails_AreCutToTheDefaultBudget_KeepingWhatMattersMost()
    {
        await using var server = await CallsServer.StartAsync();
        using var raw = new RawGrpcClient(server.Address);

        foreach (var kind in Kinds)
        {
            var status = WireStatus.Read(await raw.PostAsync(CallPaths.Of(kind), CallRunner.RawBody(kind, new CallRequest { Mode = Modes.HugeDetails, Size = 100_000 }))).AssertAgree();

            Assert.Equal(StatusCode.InvalidArgument, status.Code);
            Assert.Equal("Too many problems.", status.Message);
            Assert.True(status.BlockSize <= 8 * 1024, $"{kind}: {status.BlockSize} bytes");
            Assert.Equal("TOO_MANY", status.Detail<ErrorInfo>()!.Reason);
            Assert.Null(status.Detail<BadRequest>());
            Assert.Null(status.Detail<DebugInfo>());
        }

        var trimmed = server.Logs.Records.Where(r => r.EventName == "StatusTrimmed").ToList();
        Assert.Equal(Kinds.Length, trimmed.Count);
        Assert.All(trimmed, r =>
        {
            Assert.Equal(LogLevel.Warning, r.Level);
            Assert.Contains("google.rpc.BadRequest", r.Message, StringComparison.Ordinal);
        });
        server.Logs.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task HugeMessage_IsTruncatedToFit_AndStillAgreesWithTheDetails()
    {
        await using var server = await CallsServer.StartAsync();
        using var raw = new RawGrpcClient(server.Address);

        var status = WireStatus.Read(await raw.PostAsync(CallPaths.Unary, RawGrpcClient.Body(new CallRequest { Mode = Modes.HugeMessage, Size = 200_000 }))).AssertAgree();

        Assert.Equal(StatusCode.InvalidArgument, status.Code);
        Assert.EndsWith("...", status.Message, StringComparison.Ordinal);
        Assert.StartsWith("mmmm", status.Message, StringComparison.Ordinal);
        Assert.True(status.BlockSize <= 8 * 1024, $"{status.BlockSize} bytes");
        Assert.Equal("LONG_MESSAGE", status.Detail<ErrorInfo>()!.Reason);
        Assert.Contains(server.Logs.Records, r => r.EventName == "StatusTrimmed" && r.Message.Contains("message truncated: True", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MaxStatusTrailerSize_IsTheBudget()
    {
        await using var server = await CallsServer.StartAsync(faultlineOptions: o => o.MaxStatusTrailerSize = 2048);
        using var raw = new RawGrpcClient(server.Address);

        var small = WireStatus.Read(await raw.PostAsync(CallPaths.Unary, RawGrpcClient.Body(new CallRequest { Mode = Modes.HugeDetails, Size = 3000 }))).AssertAgree();

        Assert.True(small.BlockSize <= 2048, $"{small.BlockSize} bytes");
        Assert.Null(small.Detail<BadRequest>());
    }

    [Fact]
    public async Task StatusUnderTheBudget_IsSentWhole()
    {
        await using var server = await CallsServer.StartAsync();
        using var raw = new RawGrpcClient(server.Address);

        var status = WireStatus.Read(await raw.PostAsync(CallPaths.Unary, RawGrpcClient.Body(new CallRequest { Mode = Modes.HugeDetails, Size = 4000 }))).AssertAgree();

        Assert.NotNull(status.Detail<BadRequest>());
        Assert.DoesNotContain(server.Logs.Records, r => r.EventName == "StatusTrimmed");
    }

    [Fact]
    public async Task HugeStatusFromGrpcStatusProto_IsCutToo()
    {
        await using var server = await CallsServer.StartAsync();
        using var raw = new RawGrpcClient(server.Address);

        var status = WireStatus.Read(await raw.PostAsync(CallPaths.Unary, RawGrpcClient.Body(new CallRequest { Mode = Modes.HugeStatusProto, Size = 100_000 }))).AssertAgree();

        Assert.Equal(StatusCode.InvalidArgument, status.Code);
        Assert.True(status.BlockSize <= 8 * 1024, $"{status.BlockSize} bytes");
    }

    [Fact]
    public async Task HugeStatus_WithRetryPolicy_ReachesTheClientOnce_NotAsUnavailable()
    {
        await using var server = await CallsServer.StartAsync();
        var client = server.CreateFaultlineClient(channel: RetryUnavailable);

        var ex = await Assert.ThrowsAsync<InvalidArgumentException>(async () => await client.UnaryAsync(new CallRequest { Mode = Modes.HugeStatusProto, Size = 100_000 }));

        Assert.Equal("Too many problems.", ex.Status.Detail);
    }

    /// <summary>
    /// The hazard itself, on plain grpc-dotnet: the same status, unbudgeted, is lost and retried.
    /// (The control that shows the test above means something.)
    /// </summary>
    [Fact]
    public async Task Control_PlainGrpcDotnet_HugeStatus_IsLostAsUnavailableAndRetried()
    {
        await using var server = await CallsServer.StartAsync(faultline: false);
        var client = server.CreatePlainClient(channel: RetryUnavailable);

        var ex = await Assert.ThrowsAsync<RpcException>(async () => await client.UnaryAsync(new CallRequest { Mode = Modes.HugeStatusProto, Size = 100_000 }));
        var attempts = server.Logs.Records.Count(r => r.EventName == "RpcConnectionError");

        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
        Assert.True(attempts > 1, $"attempts: {attempts}");
    }

    [Fact]
    public async Task ThrownFaultlineException_OnPlainGrpcDotnet_IsAlreadyWithinTheBudget()
    {
        await using var server = await CallsServer.StartAsync(faultline: false);
        using var raw = new RawGrpcClient(server.Address);

        var status = WireStatus.Read(await raw.PostAsync(CallPaths.Unary, RawGrpcClient.Body(new CallRequest { Mode = Modes.HugeDetails, Size = 100_000 }))).AssertAgree();

        Assert.Equal(StatusCode.InvalidArgument, status.Code);
        Assert.True(status.BlockSize <= 8 * 1024, $"{status.BlockSize} bytes");
        Assert.Equal("TOO_MANY", status.Detail<ErrorInfo>()!.Reason);
    }

    private static void RetryUnavailable(Grpc.Net.Client.GrpcChannelOptions options) =>
        options.ServiceConfig = new ServiceConfig
        {
            MethodConfigs =
            {
                new MethodConfig
                {
                    Names = { MethodName.Default },
                    RetryPolicy = new RetryPolicy
                    {
                        MaxAttempts = 5,
                        InitialBackoff = TimeSpan.FromMilliseconds(1),
                        MaxBackoff = TimeSpan.FromMilliseconds(5),
                        BackoffMultiplier = 1,
                        RetryableStatusCodes = { StatusCode.Unavailable },
                    },
                },
            },
        };
}
