using Faultline.FunctionalTests.Infrastructure;
using Faultline.FunctionalTests.Services;
using Google.Protobuf;
using Google.Rpc;

namespace Faultline.FunctionalTests.Client;

/// <summary>
/// With <c>channel.WithFaultline()</c>, every place a failed call can surface throws the typed
/// exception of its status with the details decoded, and it is still an RpcException.
/// </summary>
public sealed class ClientTranslationTests : IAsyncLifetime
{
    private CallsServer _server = null!;
    private Calls.CallsClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await CallsServer.StartAsync();
        _client = _server.CreateFaultlineClient();
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [MemberData(nameof(CallKinds.All), MemberType = typeof(CallKinds))]
    public async Task EveryCallKind_ThrowsTheTypedExceptionWithDetails(MethodType kind)
    {
        var outcome = await CallRunner.RunAsync(_client, kind, new CallRequest { Mode = Modes.ThrowTyped, Text = "k" });

        var ex = outcome.ErrorOf<NotFoundException>();
        Assert.Equal(StatusCode.NotFound, ex.StatusCode);
        Assert.Equal("No such thing: k", ex.Status.Detail);
        Assert.Equal("THING_NOT_FOUND", ex.Reason);
        Assert.Equal(CallsService.Domain, ex.Domain);
        Assert.Equal("k", ex.ErrorMetadata["thing"]);
        Assert.Equal("k", ex.RichStatus.ResourceInfo!.ResourceName);
        Assert.True(ex.IsRemote);
        Assert.Equal("NOT_FOUND", ex.StatusName);
        Assert.Single(ex.Trailers, e => e.Key == "grpc-status-details-bin");
    }

    [Theory]
    [InlineData(MethodType.ServerStreaming)]
    [InlineData(MethodType.DuplexStreaming)]
    public async Task StreamingFailureAfterMessages_DeliversTheMessagesThenTheTypedException(MethodType kind)
    {
        var outcome = await CallRunner.RunAsync(_client, kind, new CallRequest { Mode = Modes.SetRich, Text = "Bob", Count = 3 });

        Assert.Equal(3, outcome.Replies.Count);
        var ex = outcome.ErrorOf<ResourceExhaustedException>();
        Assert.Equal("name: Bob", ex.RichStatus.QuotaFailure!.Violations[0].Subject);
    }

    [Fact]
    public async Task TypedException_IsStillCaughtAsRpcException()
    {
        var ex = await Assert.ThrowsAnyAsync<RpcException>(async () => await _client.UnaryAsync(new CallRequest { Mode = Modes.SetPlain }));

        var aborted = Assert.IsType<AbortedException>(ex);
        Assert.Equal("plain set status", aborted.Status.Detail);
        Assert.Empty(aborted.Details);
    }

    [Fact]
    public async Task ResponseHeadersAsync_OfATrailersOnlyFailure_ReturnsTheHeaders_AndTheCallThrowsTyped()
    {
        using var call = _client.UnaryAsync(new CallRequest { Mode = Modes.ThrowTyped, Text = "h" });

        var headers = await call.ResponseHeadersAsync;
        var ex = await Assert.ThrowsAsync<NotFoundException>(async () => await call.ResponseAsync);

        Assert.NotNull(headers);
        Assert.Equal("THING_NOT_FOUND", ex.Reason);
        Assert.Equal(StatusCode.NotFound, call.GetStatus().StatusCode);
        Assert.NotNull(call.GetTrailers().Get("grpc-status-details-bin"));
    }

    [Fact]
    public async Task ResponseHeadersAsync_WhenTheCallCannotStart_ThrowsTheTypedException()
    {
        var client = ClientOfNothing(out var channel);
        using (channel)
        {
            using var call = client.UnaryAsync(new CallRequest());

            await Assert.ThrowsAsync<UnavailableException>(async () => await call.ResponseHeadersAsync);
        }
    }

    [Fact]
    public async Task RequestStreamWrite_AfterTheCallFailed_ThrowsTheTypedException()
    {
        using var call = _client.Duplex();
        await call.RequestStream.WriteAsync(new CallRequest { Mode = Modes.ThrowTyped, Text = "w" });
        await Assert.ThrowsAsync<NotFoundException>(async () => await call.ResponseStream.MoveNext());

        var ex = await Assert.ThrowsAsync<NotFoundException>(() => call.RequestStream.WriteAsync(new CallRequest { Text = "too late" }));

        Assert.Equal("THING_NOT_FOUND", ex.Reason);
    }

    [Fact]
    public async Task ClientStreamingResponseAsync_ThrowsTheTypedException()
    {
        using var call = _client.ClientStream();
        await call.RequestStream.WriteAsync(new CallRequest { Mode = Modes.ThrowStatusProto });
        await call.RequestStream.CompleteAsync();

        var ex = await Assert.ThrowsAsync<FailedPreconditionException>(async () => await call.ResponseAsync);

        Assert.Equal("TOS", ex.RichStatus.PreconditionFailure!.Violations[0].Type);
    }

    [Fact]
    public void BlockingUnaryCall_ThrowsTheTypedException()
    {
        var ex = Assert.Throws<ResourceExhaustedException>(() => _client.Unary(new CallRequest { Mode = Modes.SetRich, Text = "sync" }));

        Assert.Equal("name: sync", ex.GetDetail<QuotaFailure>()!.Violations[0].Subject);
    }

    [Fact]
    public async Task SuccessfulCalls_AreUnchanged()
    {
        foreach (var kind in CallPaths.AllKinds)
        {
            var outcome = await CallRunner.RunAsync(_client, kind, new CallRequest { Mode = Modes.Ok, Text = "fine", Count = 2 });

            Assert.Null(outcome.Error);
            Assert.NotEmpty(outcome.Replies);
        }

        Assert.Equal("unary hi", (await _client.UnaryAsync(new CallRequest { Text = "hi" })).Text);
    }

    [Fact]
    public async Task LocalDeadline_ThrowsDeadlineExceededException()
    {
        var ex = await Assert.ThrowsAsync<DeadlineExceededException>(async () =>
            await _client.UnaryAsync(new CallRequest { Mode = Modes.Slow, Size = 5000 }, deadline: DateTime.UtcNow.AddMilliseconds(100)));

        Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
    }

    [Fact]
    public async Task UnknownMethod_ThrowsUnimplementedException()
    {
        var invoker = _server.CreateChannel().WithFaultline();
        var missing = new Method<CallRequest, CallReply>(MethodType.Unary, "faultline.functional.Calls", "Missing", Marshallers.Create(m => m.ToByteArray(), CallRequest.Parser.ParseFrom), Marshallers.Create(m => m.ToByteArray(), CallReply.Parser.ParseFrom));

        var ex = await Assert.ThrowsAsync<UnimplementedException>(async () => await invoker.AsyncUnaryCall(missing, null, default, new CallRequest()));

        Assert.Equal(StatusCode.Unimplemented, ex.StatusCode);
    }

    [Fact]
    public async Task ServerNotListening_ThrowsUnavailableException_WithTheTransportErrorInside()
    {
        var client = ClientOfNothing(out var channel);
        using (channel)
        {
            var ex = await Assert.ThrowsAsync<UnavailableException>(async () => await client.UnaryAsync(new CallRequest()));

            // grpc-dotnet's Status.DebugException, kept as the inner exception, never sent anywhere.
            Assert.IsType<System.Net.Sockets.SocketException>(ex.InnerException);
        }
    }

    [Fact]
    public async Task WithFaultlineTwice_TranslatesOnce()
    {
        var client = new Calls.CallsClient(_server.CreateChannel().WithFaultline().WithFaultline());

        var ex = await Assert.ThrowsAsync<NotFoundException>(async () => await client.UnaryAsync(new CallRequest { Mode = Modes.ThrowTyped }));

        Assert.True(ex.IsRemote);
        Assert.Equal("THING_NOT_FOUND", ex.Reason);
    }

    /// <summary>A Faultline client of a loopback port nobody listens on.</summary>
    private static Calls.CallsClient ClientOfNothing(out Grpc.Net.Client.GrpcChannel channel)
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        channel = Grpc.Net.Client.GrpcChannel.ForAddress($"http://127.0.0.1:{port}");
        return new Calls.CallsClient(channel.WithFaultline());
    }
}
