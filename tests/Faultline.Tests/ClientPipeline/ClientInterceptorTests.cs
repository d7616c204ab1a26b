using Faultline.Client;
using Grpc.Core.Interceptors;

namespace Faultline.Tests.ClientPipeline;

/// <summary>
/// <see cref="ClientInterceptor"/> over fake calls: what a <see cref="ClientCall"/> offers, the checks
/// on what an interceptor returns and does, request replay and its limit, and the call object the
/// caller gets (status, headers, Dispose) before and after the interceptor is done.
/// </summary>
public class ClientInterceptorTests
{
    [Fact]
    public async Task Call_DescribesTheMethod_AndItsHeadersAreCreatedIntoTheOptions()
    {
        ClientCall? seen = null;
        var invoker = new FakeCallInvoker { Unary = _ => Succeeded("r") };
        var intercepted = invoker.Intercept(new Lambda(async (call, next) =>
        {
            seen = call;
            call.Headers.Add("x-token", "t");
            return await next(call);
        }));

        Assert.Equal("r", await intercepted.StartUnary());

        Assert.Equal(MethodType.Unary, seen!.Kind);
        Assert.Equal(new GrpcMethodName("test", "Fake", "Unary"), seen.Method);
        Assert.Null(seen.Host);
        Assert.Same(seen.Headers, seen.Options.Headers);
        Assert.Equal("t", invoker.LastOptions.Headers!.GetValue("x-token"));
        Assert.Equal(1, seen.Attempt);
        Assert.Equal(StatusCode.OK, seen.LastStatus!.Value.StatusCode);
    }

    [Fact]
    public async Task Request_CanBeReplaced_OnlyWithTheMethodsRequestType()
    {
        var invoker = new FakeCallInvoker { Unary = request => Succeeded("echo " + request) };
        InvalidOperationException? refused = null;
        var intercepted = invoker.Intercept(new Lambda(async (call, next) =>
        {
            refused = Assert.Throws<InvalidOperationException>(() => call.Request = 42);
            call.Request = "replaced";
            return await next(call);
        }));

        Assert.Equal("echo replaced", await intercepted.StartUnary("original"));
        Assert.Contains("Int32", refused!.Message);
    }

    [Fact]
    public async Task Request_OfAClientStreamingCall_IsNull_AndCannotBeSet()
    {
        var response = new TaskCompletionSource<string>();
        var invoker = new FakeCallInvoker { ClientStreaming = () => new FakeCallOutcome().ClientStreaming(new FakeStreamWriter(complete: () => { response.TrySetResult("done"); return Task.CompletedTask; }), response.Task) };
        var intercepted = invoker.Intercept(new Lambda((call, next) =>
        {
            Assert.Null(call.Request);
            Assert.Throws<InvalidOperationException>(() => call.Request = "x");
            return next(call);
        }));

        var call = intercepted.StartClientStreaming();
        await call.RequestStream.CompleteAsync();

        Assert.Equal("done", await call);
    }

    [Theory]
    [InlineData(null, "returned no response")]
    [InlineData(7, "returned a Int32")]
    public async Task UnaryInterceptor_ReturningNoResponseOfTheType_FailsTheCallClearly(object? result, string message)
    {
        var invoker = new FakeCallInvoker { Unary = _ => Succeeded("r") };
        var intercepted = invoker.Intercept(new Lambda(async (call, next) =>
        {
            await next(call);
            return result;
        }));

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(async () => await intercepted.StartUnary());

        Assert.Contains(message, ex.Message);
        Assert.Contains("/test.Fake/Unary", ex.Message);
    }

    [Fact]
    public async Task ServerStreamingInterceptor_FinishingWithoutAnAttempt_FailsTheReadClearly()
    {
        var invoker = new FakeCallInvoker();
        var intercepted = invoker.Intercept(new Lambda((_, _) => ValueTask.FromResult<object?>(null)));

        var call = intercepted.StartServerStreaming();

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Contains("without calling the next step", ex.Message);
    }

    [Fact]
    public async Task NextStep_TwiceAtOnce_OrAfterTheInterceptorReturned_Throws()
    {
        var response = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var invoker = new FakeCallInvoker { Unary = _ => new FakeCallOutcome().Unary(response.Task) };
        ClientCall? kept = null;
        ClientCallContinuation? keptNext = null;
        Exception? concurrent = null;
        var intercepted = invoker.Intercept(new Lambda(async (call, next) =>
        {
            (kept, keptNext) = (call, next);
            var first = next(call);
            concurrent = await Assert.ThrowsAsync<InvalidOperationException>(async () => await next(call));
            response.SetResult("r");
            return await first;
        }));

        Assert.Equal("r", await intercepted.StartUnary());

        Assert.Contains("while it was still running", concurrent!.Message);
        var late = await Assert.ThrowsAsync<InvalidOperationException>(async () => await keptNext!(kept!));
        Assert.Contains("after it had returned", late.Message);
    }

    [Fact]
    public async Task Retry_DisposesTheFormerAttempt_AndTheCallerSeesTheLastOne()
    {
        var outcomes = new List<FakeCallOutcome>();
        var failure = RemoteErrors.NotFound();
        var invoker = new FakeCallInvoker
        {
            Unary = _ =>
            {
                var outcome = outcomes.Count == 0 ? new FakeCallOutcome().Finish(failure) : new FakeCallOutcome { Headers = Task.FromResult(new Metadata { { "x-attempt", "2" } }) }.Finish(Grpc.Core.Status.DefaultSuccess, new Metadata { { "x-trailer", "2" } });
                outcomes.Add(outcome);
                return outcome.Unary(outcomes.Count == 1 ? Task.FromException<string>(failure) : Task.FromResult("second"));
            },
        };
        var statuses = new List<StatusCode>();
        var intercepted = invoker.Intercept(new Lambda(
            async (call, next) =>
            {
                try
                {
                    return await next(call);
                }
                catch (RpcException)
                {
                    return await next(call);
                }
            },
            onEnded: status => statuses.Add(status.StatusCode)));

        var call = intercepted.StartUnary();

        Assert.Equal("second", await call);
        Assert.Equal([StatusCode.NotFound, StatusCode.OK], statuses);
        Assert.Equal([1, 0], outcomes.Select(o => o.DisposeCount));
        Assert.Equal("2", (await call.ResponseHeadersAsync).GetValue("x-attempt"));
        Assert.Equal("2", call.GetTrailers().GetValue("x-trailer"));
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task UnaryCallObject_BeforeTheInterceptorIsDone_HasNoStatusYet_AndDisposeFailsItCancelled()
    {
        var gate = new TaskCompletionSource();
        CancellationToken token = default;
        var intercepted = new FakeCallInvoker().Intercept(new Lambda(async (call, next) =>
        {
            token = call.CancellationToken;
            await gate.Task;
            return await next(call);
        }));
        var call = intercepted.StartUnary();

        Assert.Throws<InvalidOperationException>(() => call.GetStatus());
        Assert.Throws<InvalidOperationException>(() => call.GetTrailers());
        Assert.False(token.IsCancellationRequested);
        call.Dispose();

        var ex = await Assert.ThrowsAsync<CancelledException>(async () => await call);
        Assert.Equal("The call was disposed.", ex.Status.Detail);
        Assert.True(token.IsCancellationRequested);
        Assert.Equal(StatusCode.Cancelled, call.GetStatus().StatusCode);
        await Assert.ThrowsAsync<CancelledException>(() => call.ResponseHeadersAsync);
    }

    [Fact]
    public async Task CancellationToken_FollowsTheCallersToken()
    {
        using var caller = new CancellationTokenSource();
        var observed = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var intercepted = new FakeCallInvoker().Intercept(new Lambda(async (call, _) =>
        {
            call.CancellationToken.Register(() => observed.SetResult(true));
            await Task.Delay(Timeout.Infinite, call.CancellationToken);
            return null;
        }));
        var call = intercepted.AsyncUnaryCall(TestMethods.Unary, null, new CallOptions(cancellationToken: caller.Token), "r");

        caller.Cancel();

        Assert.True(await observed.Task);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await call);
    }

    [Fact]
    public async Task ServerStreaming_TheNextStepReadsTheFirstMessage_TheCallerGetsItThenTheRest()
    {
        var reader = FakeStreamReader.Of("one", "two");
        var invoker = new FakeCallInvoker { ServerStreaming = _ => new FakeCallOutcome().ServerStreaming(reader) };
        var committed = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var intercepted = invoker.Intercept(new Lambda(async (call, next) =>
        {
            var result = await next(call);
            committed.SetResult(reader.Current);
            return result;
        }));

        var call = intercepted.StartServerStreaming();
        var received = new List<string>();
        await foreach (var item in call.ResponseStream.ReadAllAsync())
        {
            received.Add(item);
        }

        Assert.Equal("one", await committed.Task);
        Assert.Equal(["one", "two"], received);
    }

    [Fact]
    public async Task ServerStreaming_FailureBeforeTheFirstMessage_IsThrownByTheNextStep()
    {
        var failure = RemoteErrors.NotFound();
        var readers = new Queue<FakeStreamReader>([FakeStreamReader.Failing(failure), FakeStreamReader.Of("after retry")]);
        var invoker = new FakeCallInvoker { ServerStreaming = _ => new FakeCallOutcome().ServerStreaming(readers.Dequeue()) };
        Exception? fromNext = null;
        var intercepted = invoker.WithFaultline(o => o.Interceptors.Add(new Lambda(async (call, next) =>
        {
            try
            {
                return await next(call);
            }
            catch (Exception ex)
            {
                fromNext = ex;
                return await next(call);
            }
        })));

        var call = intercepted.StartServerStreaming();

        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal("after retry", call.ResponseStream.Current);
        RemoteErrors.AssertTypedNotFound(fromNext!, failure);
    }

    [Fact]
    public async Task ClientStreaming_WritesBeforeTheFirstAttemptWait_ThenARetryIsSentEveryRequestAndTheCompletion()
    {
        var writers = new List<FakeStreamWriter>();
        var failure = RemoteErrors.NotFound();
        var invoker = new FakeCallInvoker
        {
            ClientStreaming = () =>
            {
                var response = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
                var first = writers.Count == 0;
                var writer = new FakeStreamWriter(complete: () =>
                {
                    if (first)
                    {
                        response.SetException(failure);
                    }
                    else
                    {
                        response.SetResult(string.Join(",", writers[^1].Written));
                    }

                    return Task.CompletedTask;
                });
                writers.Add(writer);
                return new FakeCallOutcome().ClientStreaming(writer, response.Task);
            },
        };
        var gate = new TaskCompletionSource();
        var intercepted = invoker.Intercept(new Lambda(async (call, next) =>
        {
            await gate.Task;
            try
            {
                return await next(call);
            }
            catch (RpcException)
            {
                return await next(call);
            }
        }));
        var call = intercepted.StartClientStreaming();

        var write = call.RequestStream.WriteAsync("a");
        Assert.False(write.IsCompleted);
        gate.SetResult();
        await write;
        await call.RequestStream.WriteAsync("b");
        await call.RequestStream.CompleteAsync();

        Assert.Equal("a,b", await call);
        Assert.Equal(2, writers.Count);
        Assert.Equal(["a", "b"], writers[0].Written);
        Assert.Equal(1, writers[1].CompleteCount);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(0)]
    public async Task ClientStreaming_RequestsPastTheReplayLimit_RefuseAnotherAttempt(int limit)
    {
        var invoker = new FakeCallInvoker { ClientStreaming = () => FailingOnCompletion(RemoteErrors.NotFound()) };
        Exception? refusal = null;
        var intercepted = invoker.Intercept(new Lambda(
            async (call, next) =>
            {
                try
                {
                    return await next(call);
                }
                catch (RpcException)
                {
                    refusal = await Assert.ThrowsAsync<InvalidOperationException>(async () => await next(call));
                    throw;
                }
            },
            replayLimit: limit));
        var call = intercepted.StartClientStreaming();

        // Strings are measured by the method's marshaller: "abc" and "de" are 5 bytes together.
        await call.RequestStream.WriteAsync("abc");
        await call.RequestStream.WriteAsync("de");
        await call.RequestStream.CompleteAsync();

        await Assert.ThrowsAsync<RpcException>(async () => await call);
        Assert.Contains($"more than the {limit} bytes", refusal!.Message);
    }

    [Fact]
    public async Task ClientStreaming_RequestsWithinTheReplayLimit_AllowAnotherAttempt()
    {
        var attempts = 0;
        var invoker = new FakeCallInvoker
        {
            ClientStreaming = () => ++attempts == 1
                ? FailingOnCompletion(RemoteErrors.NotFound())
                : new FakeCallOutcome().ClientStreaming(new FakeStreamWriter(), Task.FromResult("second")),
        };
        var intercepted = invoker.Intercept(new Lambda(
            async (call, next) =>
            {
                try
                {
                    return await next(call);
                }
                catch (RpcException)
                {
                    return await next(call);
                }
            },
            replayLimit: 5));
        var call = intercepted.StartClientStreaming();

        await call.RequestStream.WriteAsync("abc");
        await call.RequestStream.WriteAsync("de");
        await call.RequestStream.CompleteAsync();

        Assert.Equal("second", await call);
    }

    [Fact]
    public void AppliesTo_False_PassesTheCallObjectThrough()
    {
        var inner = Succeeded("r");
        var invoker = new FakeCallInvoker { Unary = _ => inner };
        var intercepted = invoker.Intercept(new Lambda((_, _) => throw new InvalidOperationException("not to run"), appliesTo: _ => false));

        Assert.Same(inner, intercepted.StartUnary());
    }

    [Fact]
    public void BlockingCall_RunsTheInterceptor_WithItsAttemptsAndStatuses()
    {
        var failure = RemoteErrors.NotFound();
        var attempts = 0;
        var invoker = new FakeCallInvoker { Blocking = request => ++attempts == 1 ? throw failure : "echo " + request };
        var statuses = new List<StatusCode>();
        var intercepted = invoker.Intercept(new Lambda(
            async (call, next) =>
            {
                await Task.Yield();
                try
                {
                    return await next(call);
                }
                catch (RpcException)
                {
                    return await next(call);
                }
            },
            onEnded: status => statuses.Add(status.StatusCode)));

        Assert.Equal("echo b", intercepted.BlockingUnary("b"));
        Assert.Equal([StatusCode.NotFound, StatusCode.OK], statuses);
    }

    [Fact]
    public void FaultlineOptions_NullInterceptor_IsRefusedWithItsIndex()
    {
        var ex = Assert.Throws<ArgumentException>(() => new FakeCallInvoker().WithFaultline(o => o.Interceptors.Add(null!)));

        Assert.Contains("Interceptors[0]", ex.Message);
    }

    /// <summary>A client-streaming attempt that fails with <paramref name="failure"/> once its request stream is completed.</summary>
    private static AsyncClientStreamingCall<string, string> FailingOnCompletion(RpcException failure)
    {
        var response = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var outcome = new FakeCallOutcome();
        return outcome.ClientStreaming(
            new FakeStreamWriter(complete: () =>
            {
                outcome.Finish(failure);
                response.SetException(failure);
                return Task.CompletedTask;
            }),
            response.Task);
    }

    private static AsyncUnaryCall<string> Succeeded(string response) =>
        new FakeCallOutcome().Finish(Grpc.Core.Status.DefaultSuccess, new Metadata()).Unary(Task.FromResult(response));

    /// <summary>A client interceptor made of delegates.</summary>
    private sealed class Lambda(
        Func<ClientCall, ClientCallContinuation, ValueTask<object?>> intercept,
        Action<Grpc.Core.Status>? onEnded = null,
        int replayLimit = ClientInterceptor.DefaultMaxRequestReplaySize,
        Func<GrpcMethodName, bool>? appliesTo = null) : ClientInterceptor
    {
        protected override int MaxRequestReplaySize => replayLimit;

        protected override ValueTask<object?> InterceptAsync(ClientCall call, ClientCallContinuation next) => intercept(call, next);

        protected override bool AppliesTo(GrpcMethodName method) => appliesTo?.Invoke(method) ?? true;

        protected override void OnAttemptEnded(ClientCall call, Grpc.Core.Status status) => onEnded?.Invoke(status);
    }
}
