using System.Runtime.ExceptionServices;
using Grpc.Core;

namespace Faultline.Client.Internal.Interception;

/// <summary>
/// The request stream the caller of an intercepted client-streaming or duplex call writes to. Each
/// message goes to the current attempt (a write made before the first attempt starts waits for it)
/// and is kept, within the interceptor's replay limit and while it may start another attempt; another
/// attempt is sent every message so far, and the completion, before any new one. A write refused by
/// an attempt that ended waits for the interceptor's decision: another attempt takes the message by
/// replay and the write succeeds; otherwise it fails as it failed.
/// </summary>
internal sealed class ReplayingRequestStream<TRequest> : IClientStreamWriter<TRequest>
    where TRequest : class
{
    private readonly object _lock = new();

    // One write at a time into an attempt's stream, the caller's or a replay's, as grpc-dotnet requires.
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ClientCall _call;

    // Created only when a write waits for an attempt.
    private TaskCompletionSource? _changed;
    private RequestReplayBuffer<TRequest>? _kept;
    private readonly int _limit;
    private bool _keeping;
    private bool _replaying;
    private Target? _target;
    private int _count;
    private bool _writing;
    private bool _completed;
    private bool _settled;
    private Exception? _settledFailure;
    private bool _disposed;

    public ReplayingRequestStream(ClientCall call, int limit, Func<TRequest, byte[]> serialize)
    {
        _call = call;
        _limit = limit;
        _keeping = limit > 0;
        _kept = _keeping ? new RequestReplayBuffer<TRequest>(limit, serialize) : null;
    }

    public WriteOptions? WriteOptions { get; set; }

    public Task WriteAsync(TRequest message) => WriteAsync(message, CancellationToken.None);

    public Task WriteAsync(TRequest message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        int index;
        lock (_lock)
        {
            if (_completed)
            {
                return Task.FromException(new InvalidOperationException("Request stream has already been completed."));
            }

            if (_writing)
            {
                return Task.FromException(new InvalidOperationException("Can't write the message because the previous write is in progress."));
            }

            _writing = true;
            index = _count++;
            Keep(message);
        }

        return WriteCoreAsync(message, index, cancellationToken);
    }

    public Task CompleteAsync()
    {
        lock (_lock)
        {
            if (_writing)
            {
                return Task.FromException(new InvalidOperationException("Can't complete the client stream writer because the previous write is in progress."));
            }

            if (_completed)
            {
                return Task.CompletedTask;
            }

            _completed = true;
            if (_target is null)
            {
                // The first attempt is completed as soon as it has the messages written so far.
                return Task.CompletedTask;
            }
        }

        return CompleteCoreAsync();
    }

    /// <summary>Refuses another attempt when requests already written are no longer kept.</summary>
    public void EnsureReplayable()
    {
        lock (_lock)
        {
            if (_target is not null && _count > (_kept?.Count ?? 0))
            {
                throw new InvalidOperationException(
                    $"{_call.Interceptor.GetType().Name} cannot start another attempt of {_call.Method}: its caller has written {_count} request message(s), " +
                    $"more than the {_limit} bytes the interceptor keeps to send again (its MaxRequestReplaySize).");
            }
        }
    }

    /// <summary>Makes <paramref name="writer"/> (a new attempt's) the target: sent the kept requests and the completion first.</summary>
    public void Attach(IClientStreamWriter<TRequest> writer) => _ = AttachAsync(new Target(writer));

    /// <summary>The interceptor is done: no attempt starts any more, so nothing new is kept.</summary>
    public void Settle(Exception? failure)
    {
        lock (_lock)
        {
            _settled = true;
            _settledFailure = failure;
            StopKeeping();
            Signal();
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            StopKeeping();
            Signal();
        }
    }

    private static bool EndsTheAttempt(Exception exception, CancellationToken cancellationToken) =>
        !cancellationToken.IsCancellationRequested && exception is RpcException or OperationCanceledException or ObjectDisposedException;

    private async Task WriteCoreAsync(TRequest message, int index, CancellationToken cancellationToken)
    {
        try
        {
            Target? refused = null;
            Exception? refusal = null;
            while (true)
            {
                var target = await TargetAsync(refused, refusal, cancellationToken).ConfigureAwait(false);
                await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    if (target != CurrentTarget)
                    {
                        // A newer attempt came meanwhile: write to it (unless its replay sent this message).
                        refused = null;
                        refusal = null;
                        continue;
                    }

                    if (target.Written > index)
                    {
                        // The replay of a new attempt sent it.
                        return;
                    }

                    ApplyWriteOptions(target.Writer);
                    await target.Writer.WriteAsync(message, cancellationToken).ConfigureAwait(false);
                    target.Written = index + 1;
                    return;
                }
                catch (Exception ex) when (EndsTheAttempt(ex, cancellationToken))
                {
                    refused = target;
                    refusal = ex;
                }
                finally
                {
                    _gate.Release();
                }
            }
        }
        finally
        {
            lock (_lock)
            {
                _writing = false;
            }
        }
    }

    /// <summary>
    /// The attempt to write to: the current one unless it is <paramref name="refused"/>, else the next
    /// one the interceptor starts; throws when none will come (the refusal, the call's failure, or the
    /// call being complete or disposed).
    /// </summary>
    private async Task<Target> TargetAsync(Target? refused, Exception? refusal, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                if (_target is { } target && target != refused)
                {
                    return target;
                }

                if (_disposed || _settled)
                {
                    if (refusal is not null)
                    {
                        ExceptionDispatchInfo.Throw(refusal);
                    }

                    throw _disposed ? new CancelledException("The call was disposed.")
                        : _settledFailure ?? new InvalidOperationException("Can't write the message because the call is complete.");
                }

                changed = (_changed ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
            }

            await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private Target? CurrentTarget
    {
        get
        {
            lock (_lock)
            {
                return _target;
            }
        }
    }

    private async Task CompleteCoreAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            var target = CurrentTarget!;
            if (!target.Completed)
            {
                target.Completed = true;
                await target.Writer.CompleteAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task AttachAsync(Target target)
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            lock (_lock)
            {
                _target = target;
                _replaying = true;
                Signal();
            }

            while (NextToReplay(target, out var message, out var complete))
            {
                if (message is not null)
                {
                    ApplyWriteOptions(target.Writer);
                    await target.Writer.WriteAsync(message).ConfigureAwait(false);
                    target.Written++;
                }
                else if (complete)
                {
                    target.Completed = true;
                    await target.Writer.CompleteAsync().ConfigureAwait(false);
                    break;
                }
            }
        }
        catch (Exception)
        {
            // The attempt ended while it was sent the requests so far: its response tells the
            // interceptor how, and a caller's write waiting meanwhile sees the same refusal.
        }
        finally
        {
            lock (_lock)
            {
                _replaying = false;
                if (!_keeping)
                {
                    _kept = null;
                }
            }

            _gate.Release();
        }
    }

    /// <summary>The next kept message <paramref name="target"/> has not been sent; or none, and whether to complete it.</summary>
    private bool NextToReplay(Target target, out TRequest? message, out bool complete)
    {
        lock (_lock)
        {
            if (_kept is { } kept && target.Written < kept.Count)
            {
                message = kept[target.Written];
                complete = false;
                return true;
            }

            message = null;
            complete = _completed && !target.Completed && target.Written == _count;
            return complete;
        }
    }

    private void ApplyWriteOptions(IClientStreamWriter<TRequest> writer)
    {
        if (WriteOptions is { } options)
        {
            writer.WriteOptions = options;
        }
    }

    // Under the lock.
    private void Keep(TRequest message)
    {
        if (_keeping && !_kept!.TryAdd(message))
        {
            StopKeeping();
        }
    }

    // Under the lock. A replay in progress still reads the kept prefix; it releases it when done.
    private void StopKeeping()
    {
        _keeping = false;
        if (!_replaying)
        {
            _kept = null;
        }
    }

    // Under the lock.
    private void Signal()
    {
        var changed = _changed;
        _changed = null;
        changed?.TrySetResult();
    }

    /// <summary>An attempt's request stream, with how many of the call's messages it has been sent (under the gate).</summary>
    private sealed class Target(IClientStreamWriter<TRequest> writer)
    {
        public IClientStreamWriter<TRequest> Writer => writer;

        public int Written { get; set; }

        public bool Completed { get; set; }
    }
}
