using Faultline.FunctionalTests.Infrastructure;
using Faultline.FunctionalTests.Services;
using Google.Rpc;

namespace Faultline.FunctionalTests.Interop;

/// <summary>
/// Faultline next to plain grpc-dotnet, both ways: a client with only Grpc.StatusProto reads what a
/// Faultline server sends, a service without the Faultline pipeline already sends a thrown Faultline
/// exception whole, and grpc-dotnet's own <c>Google.Rpc.Status.ToRpcException()</c> is read as typed.
/// </summary>
public class PlainGrpcDotnetTests
{
    [Theory]
    [MemberData(nameof(CallKinds.All), MemberType = typeof(CallKinds))]
    public async Task StatusProtoClient_ReadsFaultlineServerStatuses(MethodType kind)
    {
        await using var server = await CallsServer.StartAsync();
        var client = server.CreatePlainClient();

        foreach (var mode in new[] { Modes.ThrowRich, Modes.SetRich })
        {
            var outcome = await CallRunner.RunAsync(client, kind, new CallRequest { Mode = mode, Text = "Ada" });

            var ex = outcome.ErrorOf<RpcException>();
            Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
            var status = ex.GetRpcStatus()!;
            Assert.Equal((int)Code.ResourceExhausted, status.Code);
            Assert.Equal(ex.Status.Detail, status.Message);
            Assert.Equal("name: Ada", status.GetDetail<QuotaFailure>().Violations[0].Subject);
        }
    }

    [Theory]
    [MemberData(nameof(CallKinds.All), MemberType = typeof(CallKinds))]
    public async Task ServiceWithoutFaultlinePipeline_ThrowingAFaultlineException_SendsOneDetailsTrailer(MethodType kind)
    {
        await using var server = await CallsServer.StartAsync(faultline: false);
        var client = server.CreatePlainClient();

        var outcome = await CallRunner.RunAsync(client, kind, new CallRequest { Mode = Modes.ThrowTyped, Text = "p" });

        var ex = outcome.ErrorOf<RpcException>();
        Assert.Single(ex.Trailers, e => e.Key == "grpc-status-details-bin");
        var status = ex.GetRpcStatus()!;
        Assert.Equal("THING_NOT_FOUND", status.GetDetail<ErrorInfo>().Reason);
        Assert.Equal("No such thing: p", status.Message);
    }

    [Fact]
    public async Task ServiceWithoutFaultlinePipeline_DebugInfoStaysOnTheServer()
    {
        await using var server = await CallsServer.StartAsync(faultline: false, grpcOptions: o => o.EnableDetailedErrors = true);
        var client = server.CreateFaultlineClient();

        var ex = await Assert.ThrowsAsync<InternalException>(async () => await client.UnaryAsync(new CallRequest { Mode = Modes.ThrowDebugInfo }));

        Assert.Null(ex.RichStatus.DebugInfo);
    }

    [Fact]
    public async Task ServiceWithoutFaultlinePipeline_SetRichStatus_ReachesTheClient()
    {
        await using var server = await CallsServer.StartAsync(faultline: false);
        var client = server.CreateFaultlineClient();

        var ex = await Assert.ThrowsAsync<ResourceExhaustedException>(async () => await client.UnaryAsync(new CallRequest { Mode = Modes.SetRich, Text = "plain" }));

        Assert.Equal("name: plain", ex.RichStatus.QuotaFailure!.Violations[0].Subject);
    }

    [Theory]
    [MemberData(nameof(CallKinds.All), MemberType = typeof(CallKinds))]
    public async Task GrpcStatusProtoException_IsReadAsTypedWithDetails(MethodType kind)
    {
        await using var server = await CallsServer.StartAsync(faultline: false);
        var client = server.CreateFaultlineClient();

        var outcome = await CallRunner.RunAsync(client, kind, new CallRequest { Mode = Modes.ThrowStatusProto });

        var ex = outcome.ErrorOf<FailedPreconditionException>();
        Assert.Equal("from StatusProto", ex.Status.Detail);
        Assert.Equal("not accepted", ex.RichStatus.PreconditionFailure!.Violations[0].Description);
    }
}
