using Faultline.FunctionalTests.Infrastructure;
using Faultline.FunctionalTests.Services;
using Microsoft.Extensions.Logging;

namespace Faultline.FunctionalTests.Server;

/// <summary>
/// A text trailer HTTP/2 cannot carry (not printable ASCII) makes Kestrel fail the whole response,
/// and the client sees UNKNOWN "Bad gRPC response. HTTP status code: 500" instead of the status.
/// Faultline drops such a trailer, logs it, and the status gets through.
/// </summary>
public class TrailerSafetyTests
{
    [Theory]
    [InlineData("Zoë")]
    [InlineData("line\nbreak")]
    [InlineData("日本")]
    public async Task NonAsciiTextTrailer_IsDropped_AndTheStatusArrives(string value)
    {
        await using var server = await CallsServer.StartAsync();
        using var raw = new RawGrpcClient(server.Address);

        foreach (var kind in CallPaths.AllKinds)
        {
            var status = WireStatus.Read(await raw.PostAsync(CallPaths.Of(kind), CallRunner.RawBody(kind, new CallRequest { Mode = Modes.NonAsciiTrailer, Text = value }))).AssertAgree();

            Assert.Equal(StatusCode.NotFound, status.Code);
            Assert.Equal("No such user.", status.Message);
            Assert.Empty(status.Values("x-name"));
            Assert.Equal(["ascii"], status.Values("x-fine"));
        }

        var dropped = server.Logs.Records.Where(r => r.EventName == "InvalidTrailersDropped").ToList();
        Assert.Equal(4, dropped.Count);
        Assert.All(dropped, r =>
        {
            Assert.Equal(LogLevel.Warning, r.Level);
            Assert.Contains("x-name", r.Message, StringComparison.Ordinal);
        });
        server.Logs.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task NonAsciiTrailerOfTheException_IsDroppedAndReported()
    {
        await using var server = await CallsServer.StartAsync();
        using var raw = new RawGrpcClient(server.Address);

        var status = WireStatus.Read(await raw.PostAsync(CallPaths.Unary, RawGrpcClient.Body(new CallRequest { Mode = Modes.NonAsciiExceptionTrailer, Text = "Zoë" }))).AssertAgree();

        Assert.Equal(StatusCode.NotFound, status.Code);
        Assert.Empty(status.Values("x-name"));
        Assert.Equal(["ascii"], status.Values("x-fine"));
        Assert.Contains(server.Logs.Records, r => r.EventName == "InvalidTrailersDropped" && r.Message.Contains("x-name", StringComparison.Ordinal));
    }

    [Fact]
    public async Task NonAsciiTrailer_GrpcDotnetClient_GetsTheTypedStatus()
    {
        await using var server = await CallsServer.StartAsync();
        var client = server.CreateFaultlineClient();

        var ex = await Assert.ThrowsAsync<NotFoundException>(async () => await client.UnaryAsync(new CallRequest { Mode = Modes.NonAsciiTrailer, Text = "Zoë" }));

        Assert.Equal("ascii", ex.Trailers.GetValue("x-fine"));
    }

    [Fact]
    public async Task NonAsciiStatusMessage_TravelsPercentEncoded()
    {
        await using var server = await CallsServer.StartAsync();
        var client = server.CreateFaultlineClient();

        var ex = await Assert.ThrowsAsync<NotFoundException>(async () => await client.UnaryAsync(new CallRequest { Mode = Modes.ThrowTyped, Text = "Zoë 日本 ✓" }));

        Assert.Equal("No such thing: Zoë 日本 ✓", ex.Status.Detail);
        Assert.Equal("No such thing: Zoë 日本 ✓", ex.RichStatus.Message);
    }

    /// <summary>The hazard itself, on plain grpc-dotnet with a plain RpcException: the status is lost.</summary>
    [Fact]
    public async Task Control_PlainGrpcDotnet_NonAsciiTrailer_LosesTheStatus()
    {
        await using var server = await CallsServer.StartAsync(faultline: false);
        var client = server.CreatePlainClient();

        var ex = await Assert.ThrowsAsync<RpcException>(async () => await client.UnaryAsync(new CallRequest { Mode = Modes.NonAsciiTrailer, Text = "Zoë" }));

        Assert.NotEqual(StatusCode.NotFound, ex.StatusCode);
    }
}
