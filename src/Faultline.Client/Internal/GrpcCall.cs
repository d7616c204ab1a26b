using System.IO.Pipelines;
using Faultline.Compression;
using Faultline.Protocol;

namespace Faultline.Client.Internal;

/// <summary>
/// One call over HTTP/2, of any kind. This file holds its state and how it ends: the status is decided
/// once, by whichever comes first (the response, an error, the caller's token, the deadline or Dispose),
/// and is set before any task faults, so <see cref="GetStatus"/> works inside a catch block.
/// Starting the call is in GrpcCall.Start.cs, the message streams in GrpcCall.Streams.cs.
/// </summary>
/// <typeparam name="TRequest">The request type.</typeparam>
/// <typeparam name="TResponse">The response type.</typeparam>
internal sealed partial class GrpcCall<TRequest, TResponse> : ICallState
    where TRequest : class
    where TResponse : class
{
    /// <summary>The longest due time a <see cref="Timer"/> accepts (about 49.7 days); longer deadlines re-arm.</summary>
    private const long MaxTimerDueTimeMilliseconds = uint.MaxValue - 1;

    private readonly GrpcChannel _channel;
    private readonly Method<TRequest, TResponse> _method;
    private readonly CallOptions _options;
    private readonly CancellationTokenSource _cts = new();
    private readonly TaskCompletionSource<Metadata> _headersTcs = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<TResponse>? _responseTcs;
    private readonly Lock _lock = new();

    private DateTime? _deadline;
    private Timer? _deadlineTimer;
    private CancellationTokenRegistration _callTokenRegistration;
    private ICompressionProvider? _compression;
    private HttpRequestMessage? _request;
    private StreamingRequestContent? _requestContent;
    private HttpResponseMessage? _response;
    private PipeReader? _pipe;
    private GrpcMessageReader? _reader;
    private Task _runTask = Task.CompletedTask;

    // Guarded by _lock.
    private bool _finished;
    private bool _responseBusy;
    private bool _released;
    private bool _disposed;
    private Status _status;
    private Metadata? _trailers;
    private Exception? _cause;
    private bool _cancelledLocally;
    private CancellationToken _cancellationToken;

    public GrpcCall(GrpcChannel channel, Method<TRequest, TResponse> method, in CallOptions options, bool singleResponse)
    {
        _channel = channel;
        _method = method;
        _options = options;
        if (singleResponse)
        {
            _responseTcs = new TaskCompletionSource<TResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    /// <summary>The response of a unary or client-streaming call.</summary>
    public Task<TResponse> ResponseTask => _responseTcs!.Task;

    /// <inheritdoc />
    public Task<Metadata> ResponseHeadersAsync => _headersTcs.Task;

    /// <inheritdoc />
    public Status GetStatus()
    {
        lock (_lock)
        {
            if (!_finished)
            {
                throw new InvalidOperationException("The call has not ended yet, so it has no status: await the response, or read the response stream to its end, first.");
            }

            return _status;
        }
    }

    /// <inheritdoc />
    public Metadata GetTrailers()
    {
        lock (_lock)
        {
            if (!_finished)
            {
                throw new InvalidOperationException("The call has not ended yet, so it has no trailers: await the response, or read the response stream to its end, first.");
            }

            return _trailers!;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        Finish(CallStatuses.Disposed, trailers: null, cause: null, cancelledLocally: true);
        TryRelease();
    }

    /// <summary>
    /// Ends the call with <paramref name="status"/> unless it has already ended. Returns whether this
    /// call decided the status.
    /// </summary>
    private bool Finish(Status status, Metadata? trailers, Exception? cause, bool cancelledLocally = false, CancellationToken cancellationToken = default)
    {
        // A CANCEL from the server can beat the local timer once the deadline has passed.
        if (status.Code == StatusCode.Cancelled && _deadline is { } deadline && DateTime.UtcNow >= deadline)
        {
            status = CallStatuses.DeadlineExceeded;
            cancelledLocally = true;
        }

        lock (_lock)
        {
            if (_finished)
            {
                return false;
            }

            _finished = true;
            _status = status;
            _trailers = trailers ?? new Metadata();
            _cause = cause;
            _cancelledLocally = cancelledLocally;
            _cancellationToken = cancellationToken;
        }

        _callTokenRegistration.Dispose();
        _deadlineTimer?.Dispose();
        if (!status.IsOk)
        {
            try
            {
                // Aborts the HTTP/2 stream (RST_STREAM CANCEL) if it is still open.
                _cts.Cancel();
            }
            catch (AggregateException)
            {
                // A callback of the HTTP stack threw; the call has ended regardless.
            }
        }

        _requestContent?.Abort();
        if (status.IsOk)
        {
            if (!_headersTcs.Task.IsCompleted)
            {
                _headersTcs.TrySetResult(new Metadata());
            }
        }
        else
        {
            var failure = CreateException();
            if (_headersTcs.TrySetException(failure))
            {
                // Observed here so an unawaited ResponseHeadersAsync causes no UnobservedTaskException.
                _ = _headersTcs.Task.Exception;
            }

            if (_responseTcs is not null && _responseTcs.TrySetException(failure))
            {
                _ = _responseTcs.Task.Exception;
            }
        }

        TryRelease();
        return true;
    }

    private void FinishWithException(Exception exception)
    {
        if (exception is GrpcException grpc)
        {
            Finish(grpc.Status, grpc.Trailers.Count > 0 ? grpc.Trailers : null, grpc.InnerException);
            return;
        }

        Finish(ExceptionStatusMapper.ToStatus(exception), trailers: null, exception);
    }

    /// <summary>The exception a failed call throws: a <see cref="GrpcException"/>, or an OCE when configured so.</summary>
    private Exception CreateException()
    {
        Status status;
        Metadata trailers;
        Exception? cause;
        bool local;
        CancellationToken token;
        lock (_lock)
        {
            status = _status;
            trailers = _trailers!;
            cause = _cause;
            local = _cancelledLocally;
            token = _cancellationToken;
        }

        var exception = GrpcException.FromCall(status, trailers, cause);
        if (local && _channel.ThrowOperationCanceledOnCancellation && status.Code is StatusCode.Cancelled or StatusCode.DeadlineExceeded)
        {
            return new OperationCanceledException(status.Message, exception, token);
        }

        return exception;
    }

    /// <summary>Marks the response as no longer being read and frees the call if it has ended.</summary>
    private void EndResponseRead()
    {
        lock (_lock)
        {
            _responseBusy = false;
        }

        TryRelease();
    }

    /// <summary>Frees the HTTP response and request once the call has ended and nothing reads the response.</summary>
    private void TryRelease()
    {
        lock (_lock)
        {
            if (!_finished || _responseBusy || _released)
            {
                return;
            }

            _released = true;
        }

        _pipe?.Complete();
        _response?.Dispose();
        _request?.Dispose();
    }

    private void StartDeadlineTimer(TimeSpan remaining)
    {
        // Created disarmed and armed once the field is set, so the callback always sees the timer.
        _deadlineTimer = new Timer(static state => ((GrpcCall<TRequest, TResponse>)state!).OnDeadlineTimer(), this, Timeout.Infinite, Timeout.Infinite);
        _deadlineTimer.Change(GetDueTime(remaining), Timeout.Infinite);
    }

    private void OnDeadlineTimer()
    {
        try
        {
            var remaining = _deadline!.Value - DateTime.UtcNow;
            if (remaining > TimeSpan.Zero)
            {
                // The deadline is beyond one timer period, or the timer fired a little early: re-arm.
                _deadlineTimer!.Change(GetDueTime(remaining), Timeout.Infinite);
                return;
            }

            Finish(CallStatuses.DeadlineExceeded, trailers: null, cause: null, cancelledLocally: true);
        }
        catch (ObjectDisposedException)
        {
            // The call ended while the timer fired.
        }
        catch (Exception)
        {
            // A timer callback must never throw.
        }
    }

    private static long GetDueTime(TimeSpan remaining) =>
        Math.Clamp((long)Math.Ceiling(remaining.TotalMilliseconds), 1, MaxTimerDueTimeMilliseconds);
}
