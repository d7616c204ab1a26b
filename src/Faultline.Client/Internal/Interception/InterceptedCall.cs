using Grpc.Core;

namespace Faultline.Client.Internal.Interception;

/// <summary>
/// An asynchronous call through a <see cref="ClientInterceptor"/>: runs <c>InterceptAsync</c> as soon
/// as the call is made, starts attempts when it calls the next step, and backs the call object the
/// caller got: its outcome (what <c>InterceptAsync</c> returned or threw), the headers, status and
/// trailers of the last attempt, and <c>Dispose</c>. Reached through static delegates, as grpc-dotnet's
/// call objects allow, so that the caller's call object needs no delegates of its own.
/// </summary>
internal abstract class InterceptedCall : ClientCall
{
    public static readonly Func<object, Task<Metadata>> HeadersOf = state => ((InterceptedCall)state).ResponseHeadersAsync();
    public static readonly Func<object, Status> StatusOf = state => ((InterceptedCall)state).GetStatus();
    public static readonly Func<object, Metadata> TrailersOf = state => ((InterceptedCall)state).GetTrailers();
    public static readonly Action<object> DisposeOf = state => ((InterceptedCall)state).Dispose();

    private readonly object _lock = new();
    private readonly TaskCompletionSource<object?> _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationToken _callerToken;

    // Created only when someone waits for a change (a streaming caller's headers).
    private TaskCompletionSource? _changed;
    private CallAttempt? _current;
    private bool _proceeding;

    // Settled (InterceptAsync is done) or disposed: no attempt starts any more.
    private bool _finished;
    private bool _disposed;
    private CancellationTokenSource? _cancellation;
    private CancellationTokenRegistration _callerRegistration;
    private Task<Metadata>? _headers;

    protected InterceptedCall(ClientInterceptor interceptor, MethodType kind, GrpcMethodName method, string? host, CallOptions options)
        : base(interceptor, kind, method, host, options)
    {
        _callerToken = options.CancellationToken;
    }

    /// <summary>What <c>InterceptAsync</c> returned (checked) or threw; or the disposal, if that came first.</summary>
    public Task<object?> Outcome => _outcome.Task;

    /// <summary>The last attempt started; the caller's once the call is finished.</summary>
    public CallAttempt? Current
    {
        get
        {
            lock (_lock)
            {
                return _current;
            }
        }
    }

    /// <summary>
    /// Whether <c>ResponseHeadersAsync</c> waits for the interceptor to finish and gives the last
    /// attempt's headers (unary), or gives the first headers an attempt receives, as a streaming caller
    /// may need them while the call is live (see <see cref="FirstHeadersAsync"/>).
    /// </summary>
    protected virtual bool HeadersComeFromTheLastAttempt => false;

    public override CancellationToken CancellationToken
    {
        get
        {
            lock (_lock)
            {
                if (_disposed)
                {
                    return new CancellationToken(canceled: true);
                }

                // Created on first use only; registered on the caller's token only while the
                // interceptor runs, so that a long-lived caller token does not collect registrations.
                if (_cancellation is null)
                {
                    _cancellation = new CancellationTokenSource();
                    if (!_finished && _callerToken.CanBeCanceled)
                    {
                        _callerRegistration = _callerToken.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), _cancellation);
                    }
                }

                return _cancellation.Token;
            }
        }
    }

    public Task<Metadata> ResponseHeadersAsync()
    {
        if (Volatile.Read(ref _headers) is { } headers)
        {
            return headers;
        }

        // Created on first use, as grpc-dotnet creates its headers task; a loser of a race is observed.
        var created = HeadersComeFromTheLastAttempt ? LastAttemptHeadersAsync() : FirstHeadersAsync();
        if (Interlocked.CompareExchange(ref _headers, created, null) is { } winner)
        {
            ObserveFailure(created);
            return winner;
        }

        return created;
    }

    public Status GetStatus()
    {
        var outcome = Outcome;
        if (!outcome.IsCompleted)
        {
            throw new InvalidOperationException("Unable to get the status because the call is not complete.");
        }

        var failure = outcome.Exception?.InnerException;
        if (failure is RpcException rpc)
        {
            return rpc.Status;
        }

        if (Current is { } attempt)
        {
            return attempt.GetStatus();
        }

        return failure is null ? Status.DefaultSuccess : AttemptStatus.Of(failure);
    }

    public Metadata GetTrailers()
    {
        var outcome = Outcome;
        if (!outcome.IsCompleted)
        {
            throw new InvalidOperationException("Can't get the call trailers because the call has not completed successfully.");
        }

        if (outcome.Exception?.InnerException is RpcException rpc)
        {
            return rpc.Trailers;
        }

        return Current is { } attempt ? attempt.GetTrailers() : new Metadata();
    }

    /// <summary>
    /// Cancels the call: what the caller awaits fails with CANCELLED at once (whatever the interceptor
    /// is doing), the interceptor's <see cref="CancellationToken"/> is cancelled, the attempt in flight
    /// is disposed, and the next step throws from now on.
    /// </summary>
    public void Dispose()
    {
        CallAttempt? current;
        CancellationTokenSource? cancellation;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _finished = true;
            current = _current;
            cancellation = _cancellation;
            Signal();
        }

        Fail(Disposed());
        OnDisposed();
        _callerRegistration.Dispose();
        current?.Dispose();

        // Last: it runs the interceptor's own callbacks.
        cancellation?.Cancel();
    }

    internal override ValueTask<object?> ProceedAsync()
    {
        CallAttempt? previous;
        lock (_lock)
        {
            if (_disposed)
            {
                return ValueTask.FromException<object?>(Disposed());
            }

            if (_finished)
            {
                return ValueTask.FromException<object?>(new InvalidOperationException($"{Interceptor.GetType().Name} called the next step of {Method} after it had returned."));
            }

            if (_proceeding)
            {
                return ValueTask.FromException<object?>(new InvalidOperationException($"{Interceptor.GetType().Name} called the next step of {Method} while it was still running; await each attempt before starting another."));
            }

            _proceeding = true;
            previous = _current;
        }

        return new ValueTask<object?>(AttemptAsync(previous));
    }

    /// <summary>Runs <c>InterceptAsync</c>: synchronously up to its first await, as grpc-dotnet runs an interceptor.</summary>
    protected void Run() => _ = RunAsync();

    /// <summary>The checked result of <c>InterceptAsync</c>: the response of a unary or client-streaming call, null otherwise.</summary>
    protected abstract object? CheckResult(object? result);

    /// <summary>Starts an attempt with the call's current options (and request), makes it current, and waits as the kind's next step does.</summary>
    protected abstract Task<object?> StartAttemptAsync();

    /// <summary>Refuses another attempt the call cannot make (its requests can no longer be replayed).</summary>
    protected virtual void BeforeAttempt()
    {
    }

    /// <summary>The interceptor is done: no attempt starts any more; <paramref name="failure"/> is what it threw.</summary>
    protected virtual void OnSettled(Exception? failure)
    {
    }

    protected virtual void OnDisposed()
    {
    }

    /// <summary>
    /// Observes a task handed out that may fail unawaited: a response after <c>Dispose</c> (which
    /// fails it with CANCELLED; grpc-dotnet observes its own likewise), or a headers task never handed out.
    /// </summary>
    protected static void ObserveFailure(Task response) =>
        response.ContinueWith(static task => _ = task.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    /// <summary>Makes <paramref name="attempt"/> the current one; false (and the attempt disposed) when the call was disposed while it started.</summary>
    protected bool TrySetCurrent(CallAttempt attempt)
    {
        lock (_lock)
        {
            if (!_disposed)
            {
                _current = attempt;
                Signal();
                return true;
            }
        }

        attempt.Dispose();
        return false;
    }

    /// <summary>Starts an attempt's call in the layer below; if that throws instead, the attempt is reported ended with it.</summary>
    protected TInner StartInner<TInner>(Func<CallOptions, TInner> start)
    {
        try
        {
            return start(Options);
        }
        catch (Exception ex)
        {
            ReportAttemptEnded(AttemptStatus.Of(ex));
            throw;
        }
    }

    /// <summary>What a streaming-response call fails with when the interceptor finished without an attempt.</summary>
    protected InvalidOperationException NoAttempt() =>
        new($"{Interceptor.GetType().Name} finished {Method} without calling the next step; the responses of a {CallKindNames.Of(Kind)} call can only come from an attempt.");

    /// <summary>The response of a unary or client-streaming call, typed.</summary>
    protected static async Task<TResponse> ResponseOf<TResponse>(Task<object?> outcome) => (TResponse)(await outcome.ConfigureAwait(false))!;

    private static CancelledException Disposed() => new("The call was disposed.");

    private async Task RunAsync()
    {
        object? result;
        try
        {
            result = CheckResult(await Interceptor.Intercept(this).ConfigureAwait(false));
        }
        catch (Exception ex)
        {
            Settle(null, ex);
            return;
        }

        Settle(result, null);
    }

    private void Settle(object? result, Exception? failure)
    {
        lock (_lock)
        {
            if (failure is null && _proceeding)
            {
                failure = new InvalidOperationException($"{Interceptor.GetType().Name} returned from {Method} while the attempt it started was still starting; await the next step.");
            }

            _finished = true;
            Signal();
        }

        _callerRegistration.Dispose();
        OnSettled(failure);
        if (failure is null)
        {
            _outcome.TrySetResult(result);
        }
        else
        {
            Fail(failure);
        }
    }

    private void Fail(Exception failure)
    {
        if (_outcome.TrySetException(failure))
        {
            // Observed here: a streaming caller that never reads would leave it unobserved.
            _ = _outcome.Task.Exception;
        }
    }

    private async Task<object?> AttemptAsync(CallAttempt? previous)
    {
        try
        {
            BeforeAttempt();
            previous?.Dispose();
            BeginAttempt();
            return await StartAttemptAsync().ConfigureAwait(false);
        }
        finally
        {
            lock (_lock)
            {
                _proceeding = false;
            }
        }
    }

    /// <summary>Wakes whoever waits for another attempt or the end of the interceptor's work (under the lock).</summary>
    private void Signal()
    {
        var changed = _changed;
        _changed = null;
        changed?.TrySetResult();
    }

    private async Task<Metadata> LastAttemptHeadersAsync()
    {
        await ((Task)Outcome).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return await FinishedHeadersAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// The headers of the first attempt that receives any, starting with the attempt in flight when
    /// first asked: an attempt that fails before its headers arrive, or has already failed while the
    /// interceptor may start another, gives way to the next one. (An attempt retried after its headers
    /// arrived, a Trailers-Only failure among them, has given its headers already.)
    /// </summary>
    private async Task<Metadata> FirstHeadersAsync()
    {
        CallAttempt? passed = null;
        while (true)
        {
            CallAttempt? attempt;
            bool finished;
            Task changed;
            lock (_lock)
            {
                attempt = _current;
                finished = _finished;
                changed = (_changed ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
            }

            if (attempt is null || attempt == passed || (attempt.HasFailed && !finished))
            {
                if (finished)
                {
                    return await FinishedHeadersAsync().ConfigureAwait(false);
                }

                await changed.ConfigureAwait(false);
                continue;
            }

            try
            {
                return await attempt.ResponseHeadersAsync.ConfigureAwait(false);
            }
            catch (Exception) when (!IsLast(attempt))
            {
                passed = attempt;
            }
        }
    }

    /// <summary>The headers of a finished call: its last attempt's; none when it made none (or what it failed with).</summary>
    private async Task<Metadata> FinishedHeadersAsync()
    {
        if (Current is { } attempt)
        {
            return await attempt.ResponseHeadersAsync.ConfigureAwait(false);
        }

        await Outcome.ConfigureAwait(false);
        return new Metadata();
    }

    private bool IsLast(CallAttempt attempt)
    {
        lock (_lock)
        {
            return _finished && _current == attempt;
        }
    }
}
