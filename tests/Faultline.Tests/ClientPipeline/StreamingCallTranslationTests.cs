namespace Faultline.Tests.ClientPipeline;

/// <summary>Streaming calls through <c>WithFaultline()</c>: reads, writes, completion, headers and the response.</summary>
public class StreamingCallTranslationTests
{
    [Fact]
    public async Task ServerStreaming_MoveNextFaulted_ThrowsTypedExceptionWithDetails()
    {
        var failure = RemoteErrors.NotFound();
        var invoker = new FakeCallInvoker { ServerStreaming = _ => new FakeCallOutcome().Finish(failure).ServerStreaming(FakeStreamReader.Failing(failure)) };

        var call = invoker.WithFaultline().StartServerStreaming();

        RemoteErrors.AssertTypedNotFound(await Assert.ThrowsAnyAsync<Exception>(() => call.ResponseStream.MoveNext(CancellationToken.None)), failure);
    }

    [Fact]
    public void ServerStreaming_MoveNextThrowingSynchronously_ThrowsTypedExceptionWithDetails()
    {
        var failure = RemoteErrors.NotFound();
        var reader = new FakeStreamReader(_ => throw failure);
        var invoker = new FakeCallInvoker { ServerStreaming = _ => new FakeCallOutcome().Finish(failure).ServerStreaming(reader) };

        var call = invoker.WithFaultline().StartServerStreaming();

        RemoteErrors.AssertTypedNotFound(Assert.ThrowsAny<Exception>(() => { _ = call.ResponseStream.MoveNext(CancellationToken.None); }), failure);
    }

    [Fact]
    public async Task ServerStreaming_FailureAfterMessages_MessagesArriveThenTypedException()
    {
        var failure = RemoteErrors.NotFound();
        var items = new Queue<string>(["one", "two"]);
        FakeStreamReader? reader = null;
        reader = new FakeStreamReader(_ =>
        {
            if (items.Count == 0)
            {
                return Task.FromException<bool>(failure);
            }

            reader!.Current = items.Dequeue();
            return Task.FromResult(true);
        });
        var invoker = new FakeCallInvoker { ServerStreaming = _ => new FakeCallOutcome().Finish(failure).ServerStreaming(reader) };
        var call = invoker.WithFaultline().StartServerStreaming();

        var received = new List<string>();
        var thrown = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await foreach (var item in call.ResponseStream.ReadAllAsync())
            {
                received.Add(item);
            }
        });

        Assert.Equal(["one", "two"], received);
        RemoteErrors.AssertTypedNotFound(thrown, failure);
    }

    [Fact]
    public async Task ServerStreaming_TokenReachesTheInnerStream()
    {
        using var cts = new CancellationTokenSource();
        var reader = FakeStreamReader.Of("a");
        var invoker = new FakeCallInvoker { ServerStreaming = _ => new FakeCallOutcome().ServerStreaming(reader) };
        var call = invoker.WithFaultline().StartServerStreaming();

        Assert.True(await call.ResponseStream.MoveNext(cts.Token));

        Assert.Equal("a", call.ResponseStream.Current);
        Assert.Equal(cts.Token, reader.LastToken);
        Assert.False(await call.ResponseStream.MoveNext(CancellationToken.None));
    }

    [Fact]
    public async Task ServerStreaming_HeadersFaulted_ThrowsTypedException()
    {
        var failure = RemoteErrors.NotFound();
        var outcome = new FakeCallOutcome { Headers = Task.FromException<Metadata>(failure) }.Finish(failure);
        var invoker = new FakeCallInvoker { ServerStreaming = _ => outcome.ServerStreaming(FakeStreamReader.Failing(failure)) };

        var call = invoker.WithFaultline().StartServerStreaming();

        RemoteErrors.AssertTypedNotFound(await Assert.ThrowsAnyAsync<Exception>(() => call.ResponseHeadersAsync), failure);
    }

    [Fact]
    public void ServerStreaming_ContinuationThrowingSynchronously_ThrowsTypedException()
    {
        var failure = RemoteErrors.NotFound();
        var invoker = new FakeCallInvoker { ServerStreaming = _ => throw failure };

        RemoteErrors.AssertTypedNotFound(Assert.ThrowsAny<Exception>(() => invoker.WithFaultline().StartServerStreaming()), failure);
    }

    [Fact]
    public async Task ClientStreaming_WriteAsyncFaulted_ThrowsTypedExceptionWithDetails()
    {
        var failure = RemoteErrors.NotFound();
        var writer = FakeStreamWriter.Failing(failure);
        var invoker = new FakeCallInvoker { ClientStreaming = () => new FakeCallOutcome().Finish(failure).ClientStreaming(writer, Task.FromException<string>(failure)) };
        var call = invoker.WithFaultline().StartClientStreaming();

        RemoteErrors.AssertTypedNotFound(await Assert.ThrowsAnyAsync<Exception>(() => call.RequestStream.WriteAsync("m")), failure);
        RemoteErrors.AssertTypedNotFound(await Assert.ThrowsAnyAsync<Exception>(() => call.RequestStream.WriteAsync("m", CancellationToken.None)), failure);
    }

    [Fact]
    public async Task ClientStreaming_CompleteAsyncFaulted_ThrowsTypedExceptionWithDetails()
    {
        var failure = RemoteErrors.NotFound();
        var writer = FakeStreamWriter.Failing(failure);
        var invoker = new FakeCallInvoker { ClientStreaming = () => new FakeCallOutcome().Finish(failure).ClientStreaming(writer, Task.FromException<string>(failure)) };
        var call = invoker.WithFaultline().StartClientStreaming();

        RemoteErrors.AssertTypedNotFound(await Assert.ThrowsAnyAsync<Exception>(() => call.RequestStream.CompleteAsync()), failure);
        Assert.Equal(1, writer.CompleteCount);
    }

    [Fact]
    public void ClientStreaming_WriteThrowingSynchronously_ThrowsTypedException()
    {
        var failure = RemoteErrors.NotFound();
        var writer = new FakeStreamWriter(_ => throw failure, () => throw failure);
        var invoker = new FakeCallInvoker { ClientStreaming = () => new FakeCallOutcome().Finish(failure).ClientStreaming(writer, Task.FromException<string>(failure)) };
        var call = invoker.WithFaultline().StartClientStreaming();

        RemoteErrors.AssertTypedNotFound(Assert.ThrowsAny<Exception>(() => { _ = call.RequestStream.WriteAsync("m"); }), failure);
        RemoteErrors.AssertTypedNotFound(Assert.ThrowsAny<Exception>(() => { _ = call.RequestStream.CompleteAsync(); }), failure);
    }

    [Fact]
    public async Task ClientStreaming_ResponseAsyncFaulted_ThrowsTypedExceptionWithDetails()
    {
        var failure = RemoteErrors.NotFound();
        var invoker = new FakeCallInvoker { ClientStreaming = () => new FakeCallOutcome().Finish(failure).ClientStreaming(new FakeStreamWriter(), Task.FromException<string>(failure)) };
        var call = invoker.WithFaultline().StartClientStreaming();

        await call.RequestStream.WriteAsync("m");
        await call.RequestStream.CompleteAsync();

        RemoteErrors.AssertTypedNotFound(await Assert.ThrowsAnyAsync<Exception>(async () => await call), failure);
    }

    [Fact]
    public async Task ClientStreaming_WritesTokensAndWriteOptions_ReachTheInnerStream()
    {
        using var cts = new CancellationTokenSource();
        var writer = new FakeStreamWriter();
        var options = new WriteOptions(WriteFlags.NoCompress);
        var invoker = new FakeCallInvoker { ClientStreaming = () => new FakeCallOutcome().ClientStreaming(writer, Task.FromResult("done")) };
        var call = invoker.WithFaultline().StartClientStreaming();

        call.RequestStream.WriteOptions = options;
        await call.RequestStream.WriteAsync("a");
        await call.RequestStream.WriteAsync("b", cts.Token);
        await call.RequestStream.CompleteAsync();

        Assert.Equal(["a", "b"], writer.Written);
        Assert.Equal(cts.Token, writer.LastToken);
        Assert.Same(options, writer.WriteOptions);
        Assert.Same(options, call.RequestStream.WriteOptions);
        Assert.Equal(1, writer.CompleteCount);
        Assert.Equal("done", await call);
    }

    [Fact]
    public void ClientStreaming_ContinuationThrowingSynchronously_ThrowsTypedException()
    {
        var failure = RemoteErrors.NotFound();
        var invoker = new FakeCallInvoker { ClientStreaming = () => throw failure };

        RemoteErrors.AssertTypedNotFound(Assert.ThrowsAny<Exception>(() => invoker.WithFaultline().StartClientStreaming()), failure);
    }

    [Fact]
    public async Task Duplex_EveryOperation_ThrowsTypedExceptionWithDetails()
    {
        var failure = RemoteErrors.NotFound();
        var outcome = new FakeCallOutcome { Headers = Task.FromException<Metadata>(failure) }.Finish(failure);
        var invoker = new FakeCallInvoker { Duplex = () => outcome.Duplex(FakeStreamWriter.Failing(failure), FakeStreamReader.Failing(failure)) };
        var call = invoker.WithFaultline().StartDuplex();

        RemoteErrors.AssertTypedNotFound(await Assert.ThrowsAnyAsync<Exception>(() => call.RequestStream.WriteAsync("m")), failure);
        RemoteErrors.AssertTypedNotFound(await Assert.ThrowsAnyAsync<Exception>(() => call.ResponseStream.MoveNext(CancellationToken.None)), failure);
        RemoteErrors.AssertTypedNotFound(await Assert.ThrowsAnyAsync<Exception>(() => call.RequestStream.CompleteAsync()), failure);
        RemoteErrors.AssertTypedNotFound(await Assert.ThrowsAnyAsync<Exception>(() => call.ResponseHeadersAsync), failure);
    }

    [Fact]
    public async Task Duplex_Success_PassesMessagesThrough()
    {
        var writer = new FakeStreamWriter();
        var invoker = new FakeCallInvoker { Duplex = () => new FakeCallOutcome().Duplex(writer, FakeStreamReader.Of("x", "y")) };
        var call = invoker.WithFaultline().StartDuplex();

        await call.RequestStream.WriteAsync("q");
        await call.RequestStream.CompleteAsync();
        var received = new List<string>();
        await foreach (var item in call.ResponseStream.ReadAllAsync())
        {
            received.Add(item);
        }

        Assert.Equal(["q"], writer.Written);
        Assert.Equal(["x", "y"], received);
    }

    [Fact]
    public void Duplex_ContinuationThrowingSynchronously_ThrowsTypedException()
    {
        var failure = RemoteErrors.NotFound();
        var invoker = new FakeCallInvoker { Duplex = () => throw failure };

        RemoteErrors.AssertTypedNotFound(Assert.ThrowsAny<Exception>(() => invoker.WithFaultline().StartDuplex()), failure);
    }

    [Fact]
    public void StreamingCalls_GetStatusGetTrailersAndDispose_PassThrough()
    {
        var failure = RemoteErrors.NotFound();
        var serverOutcome = new FakeCallOutcome().Finish(failure);
        var clientOutcome = new FakeCallOutcome().Finish(failure);
        var duplexOutcome = new FakeCallOutcome().Finish(failure);
        var invoker = new FakeCallInvoker
        {
            ServerStreaming = _ => serverOutcome.ServerStreaming(FakeStreamReader.Of()),
            ClientStreaming = () => clientOutcome.ClientStreaming(new FakeStreamWriter(), new TaskCompletionSource<string>().Task),
            Duplex = () => duplexOutcome.Duplex(new FakeStreamWriter(), FakeStreamReader.Of()),
        }.WithFaultline();

        var server = invoker.StartServerStreaming();
        var client = invoker.StartClientStreaming();
        var duplex = invoker.StartDuplex();

        Assert.Equal(StatusCode.NotFound, server.GetStatus().StatusCode);
        Assert.Equal(StatusCode.NotFound, client.GetStatus().StatusCode);
        Assert.Equal(StatusCode.NotFound, duplex.GetStatus().StatusCode);
        Assert.Same(failure.Trailers, server.GetTrailers());
        Assert.Same(failure.Trailers, client.GetTrailers());
        Assert.Same(failure.Trailers, duplex.GetTrailers());
        server.Dispose();
        client.Dispose();
        duplex.Dispose();
        Assert.Equal([1, 1, 1], new[] { serverOutcome.DisposeCount, clientOutcome.DisposeCount, duplexOutcome.DisposeCount });
    }
}
