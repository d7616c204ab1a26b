namespace Faultline.Tests.ClientPipeline;

/// <summary>Unary calls through <c>WithFaultline()</c>: every place a failure surfaces throws the typed exception.</summary>
public class UnaryCallTranslationTests
{
    [Fact]
    public async Task ResponseAsync_FaultedWithRpcException_ThrowsTypedExceptionWithDetails()
    {
        var failure = RemoteErrors.NotFound();
        var outcome = new FakeCallOutcome().Finish(failure);
        var invoker = new FakeCallInvoker { Unary = _ => outcome.Unary(Task.FromException<string>(failure)) };

        var call = invoker.WithFaultline().StartUnary();

        RemoteErrors.AssertTypedNotFound(await Assert.ThrowsAnyAsync<Exception>(() => call.ResponseAsync), failure);
    }

    [Fact]
    public async Task ResponseAsync_FailingLater_ThrowsTypedExceptionWithDetails()
    {
        var failure = RemoteErrors.NotFound();
        var response = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var outcome = new FakeCallOutcome();
        var invoker = new FakeCallInvoker { Unary = _ => outcome.Unary(response.Task) };
        var call = invoker.WithFaultline().StartUnary();

        var awaiting = Assert.ThrowsAnyAsync<Exception>(async () => await call);
        outcome.Finish(failure);
        response.SetException(failure);

        RemoteErrors.AssertTypedNotFound(await awaiting, failure);
    }

    [Fact]
    public async Task ResponseAsync_Success_ReturnsTheResponse()
    {
        var invoker = new FakeCallInvoker { Unary = request => new FakeCallOutcome().Finish(Grpc.Core.Status.DefaultSuccess, new Metadata()).Unary(Task.FromResult("echo " + request)) };

        var response = await invoker.WithFaultline().StartUnary("hi");

        Assert.Equal("echo hi", response);
    }

    [Fact]
    public async Task ResponseHeadersAsync_FaultedWithRpcException_ThrowsTypedExceptionWithDetails()
    {
        var failure = RemoteErrors.NotFound();
        var outcome = new FakeCallOutcome { Headers = Task.FromException<Metadata>(failure) }.Finish(failure);
        var invoker = new FakeCallInvoker { Unary = _ => outcome.Unary(Task.FromException<string>(failure)) };

        var call = invoker.WithFaultline().StartUnary();

        RemoteErrors.AssertTypedNotFound(await Assert.ThrowsAnyAsync<Exception>(() => call.ResponseHeadersAsync), failure);
    }

    [Fact]
    public async Task ResponseHeadersAsync_Success_ReturnsTheInnerHeadersOnce()
    {
        var headers = new Metadata { { "x-header", "h" } };
        var outcome = new FakeCallOutcome { Headers = Task.FromResult(headers) };
        var invoker = new FakeCallInvoker { Unary = _ => outcome.Unary(Task.FromResult("r")) };

        var call = invoker.WithFaultline().StartUnary();

        Assert.Same(headers, await call.ResponseHeadersAsync);
        Assert.Same(call.ResponseHeadersAsync, call.ResponseHeadersAsync);
    }

    [Fact]
    public void ContinuationThrowingSynchronously_ThrowsTypedExceptionWithDetails()
    {
        // E.g. an interceptor closer to the channel refuses the call before it starts.
        var failure = RemoteErrors.NotFound();
        var invoker = new FakeCallInvoker { Unary = _ => throw failure };

        var thrown = Assert.ThrowsAny<Exception>(() => invoker.WithFaultline().StartUnary());

        RemoteErrors.AssertTypedNotFound(thrown, failure);
    }

    [Fact]
    public async Task GetStatusAndGetTrailers_PassThrough()
    {
        var failure = RemoteErrors.NotFound();
        var outcome = new FakeCallOutcome();
        var invoker = new FakeCallInvoker { Unary = _ => outcome.Unary(Task.FromException<string>(failure)) };
        var call = invoker.WithFaultline().StartUnary();

        Assert.Throws<InvalidOperationException>(() => call.GetStatus());
        Assert.Throws<InvalidOperationException>(() => call.GetTrailers());
        outcome.Finish(failure);
        await Assert.ThrowsAsync<NotFoundException>(() => call.ResponseAsync);

        Assert.Equal(StatusCode.NotFound, call.GetStatus().StatusCode);
        Assert.Equal(failure.Status.Detail, call.GetStatus().Detail);
        Assert.Same(failure.Trailers, call.GetTrailers());
    }

    [Fact]
    public void Dispose_PassesThroughOnce()
    {
        var outcome = new FakeCallOutcome();
        var invoker = new FakeCallInvoker { Unary = _ => outcome.Unary(new TaskCompletionSource<string>().Task) };

        invoker.WithFaultline().StartUnary().Dispose();

        Assert.Equal(1, outcome.DisposeCount);
    }

    [Fact]
    public async Task ChannelWithFaultline_TranslatesLikeTheInvoker()
    {
        var failure = RemoteErrors.NotFound();
        var invoker = new FakeCallInvoker { Unary = _ => new FakeCallOutcome().Finish(failure).Unary(Task.FromException<string>(failure)) };

        var call = new FakeChannel(invoker).WithFaultline().StartUnary();

        RemoteErrors.AssertTypedNotFound(await Assert.ThrowsAnyAsync<Exception>(() => call.ResponseAsync), failure);
    }

    [Fact]
    public void WithFaultline_NullChannelOrInvoker_ThrowsArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => ((ChannelBase)null!).WithFaultline());
        Assert.Throws<ArgumentNullException>(() => ((CallInvoker)null!).WithFaultline());
    }

    [Fact]
    public async Task CallOptionsAndMethod_ReachTheInnerInvoker()
    {
        using var cts = new CancellationTokenSource();
        var headers = new Metadata { { "x-request", "1" } };
        var invoker = new FakeCallInvoker { Unary = _ => new FakeCallOutcome().Unary(Task.FromResult("r")) };

        await invoker.WithFaultline().AsyncUnaryCall(TestMethods.Unary, null, new CallOptions(headers, cancellationToken: cts.Token), "q");

        Assert.Same(TestMethods.Unary, invoker.LastMethod);
        Assert.Same(headers, invoker.LastOptions.Headers);
        Assert.Equal(cts.Token, invoker.LastOptions.CancellationToken);
    }
}
