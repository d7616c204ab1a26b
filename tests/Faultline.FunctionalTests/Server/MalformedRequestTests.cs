using Faultline.AspNetCore;
using Faultline.FunctionalTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Faultline.FunctionalTests.Server;

/// <summary>
/// A request message that does not parse, sent over the wire on each call kind: with Faultline the
/// client gets INTERNAL saying the request could not be deserialized (grpc-dotnet alone answers
/// UNKNOWN for single-request kinds), the exception mappings see it, and it is logged once.
/// </summary>
public sealed class MalformedRequestTests
{
    // Field 1 (mode, a string) declared 100 bytes long with 1 byte present: not a CallRequest.
    private static readonly byte[] Garbage = RawGrpcClient.Frame([0x0A, 0x64, 0x41]);

    [Theory]
    [MemberData(nameof(CallPaths.Kinds), MemberType = typeof(CallPaths))]
    public async Task MalformedRequest_IsInternalSayingItCouldNotBeDeserialized(MethodType kind)
    {
        await using var server = await CallsServer.StartAsync();
        using var raw = new RawGrpcClient(server.Address);

        var status = WireStatus.Read(await raw.PostAsync(CallPaths.Of(kind), Garbage)).AssertAgree();

        Assert.Equal(StatusCode.Internal, status.Code);
        Assert.Equal(RequestDeserializationException.StatusMessage, status.Message);
        var logged = Assert.Single(server.Logs.Records, r => r.EventName == "RequestNotDeserialized");
        Assert.Equal(LogLevel.Information, logged.Level);
        server.Logs.AssertNoUnexpectedErrors();
    }

    [Theory]
    [MemberData(nameof(CallPaths.Kinds), MemberType = typeof(CallPaths))]
    public async Task MalformedRequest_GoesThroughTheExceptionHandlers(MethodType kind)
    {
        Exception? seen = null;
        await using var server = await CallsServer.StartAsync(o => o.Exceptions.Handle((exception, _) =>
        {
            seen = exception;
            return exception is RequestDeserializationException ? new RichStatus(StatusCode.InvalidArgument, "Bad bytes.") : null;
        }));
        using var raw = new RawGrpcClient(server.Address);

        var status = WireStatus.Read(await raw.PostAsync(CallPaths.Of(kind), Garbage)).AssertAgree();

        Assert.Equal(StatusCode.InvalidArgument, status.Code);
        Assert.Equal("Bad bytes.", status.Message);
        var failure = Assert.IsType<RequestDeserializationException>(seen);
        Assert.Equal(CallPaths.Of(kind), failure.Method);
        Assert.Equal(typeof(CallRequest), failure.RequestType);
    }

    [Fact]
    public async Task AddGrpcCalledAgainAfterAddFaultline_StillInternal()
    {
        await using var server = await CallsServer.StartAsync(configureBuilder: b => b.Services.AddGrpc().AddServiceOptions<Services.CallsService>(o => o.MaxReceiveMessageSize = 1 << 20));
        using var raw = new RawGrpcClient(server.Address);

        foreach (var kind in CallPaths.AllKinds)
        {
            var status = WireStatus.Read(await raw.PostAsync(CallPaths.Of(kind), Garbage)).AssertAgree();
            Assert.Equal(StatusCode.Internal, status.Code);
        }

        Assert.Equal("unary ok", (await server.CreateFaultlineClient().UnaryAsync(new CallRequest { Text = "ok" })).Text);
    }

    [Fact]
    public async Task WithoutFaultline_GrpcDotnetAnswersUnknown()
    {
        await using var server = await CallsServer.StartAsync(faultline: false);
        using var raw = new RawGrpcClient(server.Address);

        var status = WireStatus.Read(await raw.PostAsync(CallPaths.Of(MethodType.Unary), Garbage));

        Assert.Equal(StatusCode.Unknown, status.Code);
    }

    [Fact]
    public async Task WellFormedRequests_AfterAMalformedOne_AreServed()
    {
        await using var server = await CallsServer.StartAsync();
        using var raw = new RawGrpcClient(server.Address);
        await raw.PostAsync(CallPaths.Of(MethodType.Unary), Garbage);

        var reply = await server.CreateFaultlineClient().UnaryAsync(new CallRequest { Mode = Services.Modes.Ok, Text = "ok" });

        Assert.Equal("unary ok", reply.Text);
    }
}
