using System.Collections.Concurrent;
using Faultline.Client;
using Faultline.FunctionalTests.Infrastructure;
using Faultline.FunctionalTests.Services;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.DependencyInjection;

namespace Faultline.FunctionalTests.Client;

/// <summary>
/// <see cref="ClientInterceptor"/> inside Faultline's client pipeline, on real Kestrel with
/// Grpc.Net.Client: async work before the call starts, each attempt's status, retries (the requests
/// of a stream sent again), answers without a call, chain order, typed exceptions from the next step,
/// and Dispose; on every call kind.
/// </summary>
public sealed class ClientInterceptorTests : IAsyncLifetime
{
    private CallsServer _server = null!;

    public async Task InitializeAsync() => _server = await CallsServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [MemberData(nameof(CallKinds.All), MemberType = typeof(CallKinds))]
    public async Task HeaderSetAfterAnAwait_ReachesTheServer(MethodType kind)
    {
        var token = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var client = Client(new HeaderInterceptor("x-token", () => token.Task));

        // The call is made (and a client stream written to) while the interceptor still waits.
        var run = RunAsync(client, kind, new CallRequest { Mode = Modes.EchoHeader, Text = "x-token", Count = 1 });
        Assert.False(run.IsCompleted);
        token.SetResult("secret-1");
        var outcome = await run;

        Assert.Null(outcome.Error);
        Assert.NotEmpty(outcome.Replies);
        Assert.Equal("secret-1", outcome.Trailers!.GetValue("x-echo"));
    }

    [Fact]
    public void BlockingCall_HeaderSetAfterAnAwait_ReachesTheServer()
    {
        var client = Client(new HeaderInterceptor("x-token", async () =>
        {
            await Task.Yield();
            return "secret-2";
        }));

        var reply = client.Unary(new CallRequest { Mode = Modes.EchoHeader, Text = "x-token" });

        Assert.Equal("secret-2", reply.Text);
    }

    [Fact]
    public async Task AttemptStatuses_OfEveryKind_OkAndFailures_AreReported()
    {
        var recorder = new StatusRecorder();
        var client = Client(recorder);

        foreach (var kind in CallPaths.AllKinds)
        {
            Assert.Null((await CallRunner.RunAsync(client, kind, new CallRequest { Mode = Modes.Ok, Count = 2 })).Error);
            (await CallRunner.RunAsync(client, kind, new CallRequest { Mode = Modes.ThrowTyped })).ErrorOf<NotFoundException>();
            if (kind is MethodType.ServerStreaming or MethodType.DuplexStreaming)
            {
                // Ends the stream after two messages, while the caller reads.
                (await CallRunner.RunAsync(client, kind, new CallRequest { Mode = Modes.SetRich, Count = 2 })).ErrorOf<ResourceExhaustedException>();
            }
        }

        client.Unary(new CallRequest { Mode = Modes.Ok });
        Assert.Throws<NotFoundException>(() => client.Unary(new CallRequest { Mode = Modes.ThrowTyped }));

        Assert.Equal(
            [
                "ClientStreaming ClientStream NotFound", "ClientStreaming ClientStream OK",
                "DuplexStreaming Duplex NotFound", "DuplexStreaming Duplex OK", "DuplexStreaming Duplex ResourceExhausted",
                "ServerStreaming ServerStream NotFound", "ServerStreaming ServerStream OK", "ServerStreaming ServerStream ResourceExhausted",
                "Unary Unary NotFound", "Unary Unary NotFound", "Unary Unary OK", "Unary Unary OK",
            ],
            recorder.Ended.Order(StringComparer.Ordinal).ToArray());
    }

    [Theory]
    [MemberData(nameof(CallKinds.All), MemberType = typeof(CallKinds))]
    public async Task RetryOnUnavailable_SecondAttemptSucceeds_WithTheWholeRequest(MethodType kind)
    {
        var retry = new RetryingInterceptor(maxAttempts: 3);
        var key = "retry-" + kind;

        var outcome = await RunAsync(Client(retry), kind, new CallRequest { Mode = Modes.FailFirstAttempts, Size = 1, Text = key, Count = 2 });

        Assert.Null(outcome.Error);
        Assert.Equal(2, _server.Attempts.Of(key).Count);
        Assert.Equal([StatusCode.Unavailable, StatusCode.OK], retry.Ended);
        Assert.Equal("2", outcome.Headers!.GetValue("x-attempt"));
        switch (kind)
        {
            case MethodType.Unary:
                Assert.Equal("unary " + key, Assert.Single(outcome.Replies).Text);
                break;
            case MethodType.ServerStreaming:
                Assert.Equal([0, 1], outcome.Replies.Select(r => r.Index));
                break;
            case MethodType.ClientStreaming:
                // All three requests reached the second attempt, though the first failed at the first.
                Assert.Equal(3, Assert.Single(outcome.Replies).Index);
                break;
            default:
                Assert.Equal([key, key], outcome.Replies.Select(r => r.Text));
                break;
        }

        _server.Logs.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task ClientStreamingRetry_AWriteTheFailedAttemptRefused_GoesToTheNextAttempt()
    {
        var retry = new GatedRetry();
        using var call = Client(retry).ClientStream();
        await call.RequestStream.WriteAsync(new CallRequest { Mode = Modes.FailFirstAttempts, Size = 1, Text = "refused-write" });
        await retry.Failed.Task;

        // The first attempt has ended: this write waits for the interceptor's decision.
        var second = call.RequestStream.WriteAsync(new CallRequest { Text = "second" });
        Assert.False(second.IsCompleted);
        retry.Gate.SetResult();
        await second;
        await call.RequestStream.CompleteAsync();

        Assert.Equal(2, (await call.ResponseAsync).Index);
        Assert.Equal(2, _server.Attempts.Of("refused-write").Count);
    }

    [Fact]
    public async Task ClientStreaming_ResponseHeaders_ArriveWhileTheCallerStillWrites()
    {
        var recorder = new StatusRecorder();
        using var call = Client(recorder).ClientStream();
        await call.RequestStream.WriteAsync(new CallRequest { Mode = Modes.FailFirstAttempts, Size = 0, Text = "early-headers" });

        // The interceptor is still in its next step, waiting for the response the caller has not let come.
        var headers = await call.ResponseHeadersAsync;
        Assert.Empty(recorder.Ended);
        await call.RequestStream.WriteAsync(new CallRequest { Text = "second" });
        await call.RequestStream.CompleteAsync();

        Assert.Equal("1", headers.GetValue("x-attempt"));
        Assert.Equal(2, (await call.ResponseAsync).Index);
        Assert.Equal(["ClientStreaming ClientStream OK"], recorder.Ended);
    }

    [Fact]
    public void BlockingCall_RetryOnUnavailable_SecondAttemptSucceeds()
    {
        var retry = new RetryingInterceptor(maxAttempts: 3);

        var reply = Client(retry).Unary(new CallRequest { Mode = Modes.FailFirstAttempts, Size = 2, Text = "retry-blocking" });

        Assert.Equal("unary retry-blocking", reply.Text);
        Assert.Equal(3, _server.Attempts.Of("retry-blocking").Count);
        Assert.Equal([StatusCode.Unavailable, StatusCode.Unavailable, StatusCode.OK], retry.Ended);
    }

    [Fact]
    public async Task Retry_GivesUpAfterMaxAttempts_WithTheTypedFailure()
    {
        var retry = new RetryingInterceptor(maxAttempts: 2);
        using var call = Client(retry).UnaryAsync(new CallRequest { Mode = Modes.FailFirstAttempts, Size = 5, Text = "retry-exhausted" });

        var ex = await Assert.ThrowsAsync<UnavailableException>(async () => await call);

        Assert.Equal(TimeSpan.FromMilliseconds(1), ex.RichStatus.RetryInfo!.RetryDelay.ToTimeSpan());
        Assert.Equal(2, _server.Attempts.Of("retry-exhausted").Count);
        Assert.Equal(StatusCode.Unavailable, call.GetStatus().StatusCode);
        Assert.Equal("2", call.GetTrailers().GetValue("x-attempt"));
    }

    [Theory]
    [InlineData(MethodType.ServerStreaming)]
    [InlineData(MethodType.DuplexStreaming)]
    public async Task FailureAfterTheFirstMessage_ReachesTheCallersRead_NotRetried(MethodType kind)
    {
        var retry = new RetryingInterceptor(maxAttempts: 3);
        var key = "committed-" + kind;

        var outcome = await RunAsync(Client(retry), kind, new CallRequest { Mode = Modes.FailAttempts, Count = 1, Text = key });

        Assert.Single(outcome.Replies);
        Assert.IsType<UnavailableException>(outcome.Error);
        Assert.Single(_server.Attempts.Of(key));
        Assert.Equal([StatusCode.Unavailable], retry.Ended);
    }

    [Fact]
    public async Task ClientStreamingRetry_PastTheReplayLimit_FailsClearly()
    {
        var retry = new RetryingInterceptor(maxAttempts: 3, maxReplay: 8);

        var outcome = await RunAsync(Client(retry), MethodType.ClientStreaming, new CallRequest { Mode = Modes.FailAttempts, Count = 1, Text = "replay-limit" });

        var ex = Assert.IsType<InvalidOperationException>(outcome.Error);
        Assert.Contains("MaxRequestReplaySize", ex.Message);
        Assert.Single(_server.Attempts.Of("replay-limit"));
    }

    [Fact]
    public async Task Cache_AnswersTheSecondCallWithoutTheServer()
    {
        var cache = new UnaryCache();
        var client = Client(cache);
        var request = new CallRequest { Mode = Modes.Record, Text = "cached" };

        var first = await client.UnaryAsync(request);
        using var second = client.UnaryAsync(request);
        var blocking = client.Unary(request);

        Assert.Same(first, await second);
        Assert.Same(first, blocking);
        Assert.Single(_server.Attempts.Of("cached"));
        Assert.Equal([1, 0, 0], cache.Attempts);
        Assert.Equal(StatusCode.OK, second.GetStatus().StatusCode);
        Assert.Empty(await second.ResponseHeadersAsync);
        Assert.Empty(second.GetTrailers());
    }

    [Theory]
    [MemberData(nameof(CallKinds.All), MemberType = typeof(CallKinds))]
    public async Task TwoInterceptors_RunInTheirOrder_FirstOutermost(MethodType kind)
    {
        var log = new ConcurrentQueue<string>();
        var client = Client(new OrderRecorder("outer", log), new OrderRecorder("inner", log));

        Assert.Null((await CallRunner.RunAsync(client, kind, new CallRequest { Mode = Modes.Ok, Count = 1 })).Error);

        Assert.Equal(["outer before", "inner before", "inner after", "outer after"], log);
    }

    [Theory]
    [MemberData(nameof(CallKinds.All), MemberType = typeof(CallKinds))]
    public async Task NextStep_ThrowsTheTypedExceptionWithDetails(MethodType kind)
    {
        var recorder = new ExceptionRecorder();

        var outcome = await CallRunner.RunAsync(Client(recorder), kind, new CallRequest { Mode = Modes.ThrowTyped, Text = "t" });

        var fromNext = Assert.IsType<NotFoundException>(recorder.Thrown);
        Assert.Equal("THING_NOT_FOUND", fromNext.Reason);
        Assert.Equal("t", fromNext.RichStatus.ResourceInfo!.ResourceName);
        Assert.True(fromNext.IsRemote);
        Assert.Same(fromNext, outcome.Error);
    }

    [Fact]
    public async Task OnAPlainChannel_NextStepThrowsGrpcDotnetsRpcException()
    {
        var recorder = new ExceptionRecorder();
        var client = new Calls.CallsClient(_server.CreateChannel().Intercept(recorder));

        await Assert.ThrowsAsync<RpcException>(async () => await client.UnaryAsync(new CallRequest { Mode = Modes.ThrowTyped }));

        Assert.IsNotAssignableFrom<GrpcException>(recorder.Thrown);
        Assert.Equal(StatusCode.NotFound, Assert.IsType<RpcException>(recorder.Thrown).StatusCode);
    }

    [Fact]
    public async Task Dispose_CancelsTheAttemptInFlight()
    {
        var recorder = new StatusRecorder();
        var call = Client(recorder).UnaryAsync(new CallRequest { Mode = Modes.Record, Text = "dispose-in-flight", Size = 60_000 });
        await _server.Attempts.FirstAsync("dispose-in-flight");

        call.Dispose();

        await Assert.ThrowsAsync<CancelledException>(async () => await call);
        Assert.Equal(["Unary Unary Cancelled"], recorder.Ended);
        Assert.Equal(StatusCode.Cancelled, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task Dispose_BeforeTheFirstAttempt_CancelsTheInterceptorAndTheWaitingWrite()
    {
        var waiting = new WaitingInterceptor();
        var call = Client(waiting).ClientStream();
        var write = call.RequestStream.WriteAsync(new CallRequest { Mode = Modes.Record, Text = "dispose-early" });
        Assert.False(write.IsCompleted);

        call.Dispose();

        await Assert.ThrowsAsync<CancelledException>(() => write);
        await Assert.ThrowsAsync<CancelledException>(async () => await call);
        await waiting.Cancelled.Task;
        Assert.Empty(_server.Attempts.Of("dispose-early"));
    }

    [Fact]
    public async Task Dispose_OfAServerStreamBeingRead_EndsTheAttemptCancelled()
    {
        var recorder = new StatusRecorder();
        var call = Client(recorder).ServerStream(new CallRequest { Mode = Modes.Record, Text = "dispose-stream", Count = 1, Size = 60_000 });
        Assert.True(await call.ResponseStream.MoveNext());
        Assert.Equal(0, call.ResponseStream.Current.Index);
        Assert.Empty(recorder.Ended);

        call.Dispose();

        Assert.Equal(["ServerStreaming ServerStream Cancelled"], recorder.Ended);
    }

    [Fact]
    public async Task ClientFactory_AddFaultlineInterceptors_RunInsideTheApplicationsOwn()
    {
        var log = new ConcurrentQueue<string>();
        var recorder = new ExceptionRecorder();
        var services = new ServiceCollection();
        services.AddGrpcClient<Calls.CallsClient>(o => o.Address = _server.Address)
            .AddInterceptor(() => new OrderRecorder("application", log))
            .AddFaultline(o =>
            {
                o.Interceptors.Add(new OrderRecorder("faultline", log));
                o.Interceptors.Add(recorder);
            });
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<Calls.CallsClient>();

        var ex = await Assert.ThrowsAsync<NotFoundException>(async () => await client.UnaryAsync(new CallRequest { Mode = Modes.ThrowTyped }));

        Assert.Same(ex, recorder.Thrown);
        Assert.Equal(["application before", "faultline before", "faultline after", "application after"], log);
    }

    private Calls.CallsClient Client(params Interceptor[] interceptors) => _server.CreateFaultlineClient(o =>
    {
        foreach (var interceptor in interceptors)
        {
            o.Interceptors.Add(interceptor);
        }
    });

    /// <summary>
    /// Calls <paramref name="kind"/> as <see cref="CallRunner"/> does, and keeps the response headers
    /// and trailers of a call that succeeded (asked for once the call is done).
    /// </summary>
    private static async Task<InterceptedRun> RunAsync(Calls.CallsClient client, MethodType kind, CallRequest request)
    {
        var replies = new List<CallReply>();
        try
        {
            switch (kind)
            {
                case MethodType.Unary:
                {
                    using var call = client.UnaryAsync(request);
                    replies.Add(await call.ResponseAsync);
                    return new InterceptedRun(replies, await call.ResponseHeadersAsync, call.GetTrailers(), null);
                }

                case MethodType.ServerStreaming:
                {
                    using var call = client.ServerStream(request);
                    await foreach (var reply in call.ResponseStream.ReadAllAsync())
                    {
                        replies.Add(reply);
                    }

                    return new InterceptedRun(replies, await call.ResponseHeadersAsync, call.GetTrailers(), null);
                }

                case MethodType.ClientStreaming:
                {
                    using var call = client.ClientStream();
                    await call.RequestStream.WriteAsync(request);
                    await call.RequestStream.WriteAsync(new CallRequest { Text = "second" });
                    await call.RequestStream.WriteAsync(new CallRequest { Text = "third" });
                    await call.RequestStream.CompleteAsync();
                    replies.Add(await call.ResponseAsync);
                    return new InterceptedRun(replies, await call.ResponseHeadersAsync, call.GetTrailers(), null);
                }

                default:
                {
                    using var call = client.Duplex();
                    for (var i = 0; i < Math.Max(1, request.Count); i++)
                    {
                        await call.RequestStream.WriteAsync(i == 0 ? request : new CallRequest { Text = request.Text });
                    }

                    await foreach (var reply in call.ResponseStream.ReadAllAsync())
                    {
                        replies.Add(reply);
                    }

                    await call.RequestStream.CompleteAsync();
                    return new InterceptedRun(replies, await call.ResponseHeadersAsync, call.GetTrailers(), null);
                }
            }
        }
        catch (Exception ex)
        {
            return new InterceptedRun(replies, null, null, ex);
        }
    }

    private sealed record InterceptedRun(IReadOnlyList<CallReply> Replies, Metadata? Headers, Metadata? Trailers, Exception? Error);

    /// <summary>Sets a header whose value takes real async work to get (a token, say), then starts the call.</summary>
    private sealed class HeaderInterceptor(string name, Func<Task<string>> value) : ClientInterceptor
    {
        protected override async ValueTask<object?> InterceptAsync(ClientCall call, ClientCallContinuation next)
        {
            var header = await value();
            call.Headers.Add(name, header);
            return await next(call);
        }
    }

    /// <summary>Records each attempt's kind, method and status code, as a metrics interceptor would count them.</summary>
    private sealed class StatusRecorder : ClientInterceptor
    {
        private readonly ConcurrentQueue<string> _ended = new();

        public IReadOnlyCollection<string> Ended => _ended;

        protected override ValueTask<object?> InterceptAsync(ClientCall call, ClientCallContinuation next) => next(call);

        protected override void OnAttemptEnded(ClientCall call, Status status) => _ended.Enqueue($"{call.Kind} {call.Method.Method} {status.StatusCode}");
    }

    /// <summary>Calls the next step again after an UNAVAILABLE, up to <c>maxAttempts</c> attempts in all.</summary>
    private sealed class RetryingInterceptor(int maxAttempts, int maxReplay = ClientInterceptor.DefaultMaxRequestReplaySize) : ClientInterceptor
    {
        private readonly ConcurrentQueue<StatusCode> _ended = new();

        public IReadOnlyCollection<StatusCode> Ended => _ended;

        protected override int MaxRequestReplaySize => maxReplay;

        protected override async ValueTask<object?> InterceptAsync(ClientCall call, ClientCallContinuation next)
        {
            while (true)
            {
                try
                {
                    return await next(call);
                }
                catch (UnavailableException ex) when (call.Attempt < maxAttempts)
                {
                    await Task.Delay(ex.RichStatus.RetryInfo?.RetryDelay.ToTimeSpan() ?? TimeSpan.Zero, call.CancellationToken);
                }
            }
        }

        protected override void OnAttemptEnded(ClientCall call, Status status) => _ended.Enqueue(status.StatusCode);
    }

    /// <summary>Retries once after an UNAVAILABLE, when the test opens its gate.</summary>
    private sealed class GatedRetry : ClientInterceptor
    {
        public TaskCompletionSource Failed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override async ValueTask<object?> InterceptAsync(ClientCall call, ClientCallContinuation next)
        {
            try
            {
                return await next(call);
            }
            catch (UnavailableException)
            {
                Failed.SetResult();
                await Gate.Task;
                return await next(call);
            }
        }
    }

    /// <summary>Answers a unary call whose request text it has seen from the response it got then, without calling the next step.</summary>
    private sealed class UnaryCache : ClientInterceptor
    {
        private readonly ConcurrentDictionary<string, object> _responses = new();
        private readonly ConcurrentQueue<int> _attempts = new();

        public IReadOnlyCollection<int> Attempts => _attempts;

        protected override bool AppliesTo(GrpcMethodName method) => method.Method == "Unary";

        protected override async ValueTask<object?> InterceptAsync(ClientCall call, ClientCallContinuation next)
        {
            var key = ((CallRequest)call.Request!).Text;
            if (!_responses.TryGetValue(key, out var response))
            {
                response = (await next(call))!;
                _responses[key] = response;
            }

            _attempts.Enqueue(call.Attempt);
            return response;
        }
    }

    /// <summary>Logs when it starts a call and when the next step is done (returned or threw).</summary>
    private sealed class OrderRecorder(string name, ConcurrentQueue<string> log) : ClientInterceptor
    {
        protected override async ValueTask<object?> InterceptAsync(ClientCall call, ClientCallContinuation next)
        {
            log.Enqueue(name + " before");
            try
            {
                return await next(call);
            }
            finally
            {
                log.Enqueue(name + " after");
            }
        }
    }

    /// <summary>Keeps what the next step threw, then lets it through.</summary>
    private sealed class ExceptionRecorder : ClientInterceptor
    {
        public Exception? Thrown { get; private set; }

        protected override async ValueTask<object?> InterceptAsync(ClientCall call, ClientCallContinuation next)
        {
            try
            {
                return await next(call);
            }
            catch (Exception ex)
            {
                Thrown = ex;
                throw;
            }
        }
    }

    /// <summary>Waits, on the call's token, for something that never comes before its first attempt.</summary>
    private sealed class WaitingInterceptor : ClientInterceptor
    {
        public TaskCompletionSource Cancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override async ValueTask<object?> InterceptAsync(ClientCall call, ClientCallContinuation next)
        {
            try
            {
                await Task.Delay(Timeout.Infinite, call.CancellationToken);
            }
            catch (OperationCanceledException)
            {
                Cancelled.SetResult();
                throw;
            }

            return await next(call);
        }
    }
}
