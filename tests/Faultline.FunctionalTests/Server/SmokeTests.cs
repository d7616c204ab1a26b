using Faultline.FunctionalTests.Infrastructure;
using Faultline.FunctionalTests.Services;
using Google.Rpc;

namespace Faultline.FunctionalTests.Server;

public class SmokeTests
{
    [Fact]
    public async Task Unary_ThrowTyped_FaultlineClientGetsTypedException()
    {
        await using var server = await CallsServer.StartAsync();
        var client = server.CreateFaultlineClient();

        var ex = await Assert.ThrowsAsync<NotFoundException>(async () => await client.UnaryAsync(new CallRequest { Mode = Modes.ThrowTyped, Text = "t1" }));

        Assert.Equal("No such thing: t1", ex.Status.Detail);
        Assert.Equal("THING_NOT_FOUND", ex.Reason);
        Assert.Single(ex.Trailers, e => e.Key == "grpc-status-details-bin");
        server.Logs.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task Unary_SetRich_IsTrailersOnly()
    {
        await using var server = await CallsServer.StartAsync();
        var client = server.CreatePlainClient();

        var call = client.UnaryAsync(new CallRequest { Mode = Modes.SetRich, Text = "Ada" });
        var ex = await Assert.ThrowsAsync<RpcException>(async () => await call);

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
        Assert.Single(ex.Trailers, e => e.Key == "grpc-status-details-bin");
        var status = ex.GetRpcStatus();
        Assert.Equal("name: Ada", status!.GetDetail<QuotaFailure>().Violations[0].Subject);
        server.Logs.AssertNoUnexpectedErrors();
    }
}

public class WireShapeSmokeTests
{
    [Theory]
    [InlineData(Modes.SetRich)]
    [InlineData(Modes.ThrowTyped)]
    [InlineData(Modes.ThrowUnexpected)]
    public async Task Unary_Failure_IsTrailersOnlyWithOneDetailsTrailer(string mode)
    {
        await using var server = await CallsServer.StartAsync();
        using var raw = new RawGrpcClient(server.Address);

        var status = WireStatus.Read(await raw.PostAsync(CallPaths.Unary, RawGrpcClient.Body(new CallRequest { Mode = mode, Text = "x" }))).AssertAgree();

        Assert.True(status.TrailersOnly);
        Assert.NotNull(status.Proto);
        server.Logs.AssertNoUnexpectedErrors("UnexpectedException");
    }
}
