using Faultline.Buffers;
using Faultline.Protocol;

namespace Faultline.Client.Internal;

/// <summary>The response stream reads and request stream writes of streaming calls.</summary>
internal sealed partial class GrpcCall<TRequest, TResponse>
{
    // Guarded by _lock.
    private bool _readInProgress;
    private bool _writeInProgress;
    private Task? _completeRequestTask;

    /// <summary>The message read by the last successful <see cref="MoveNextAsync"/>.</summary>
    public TResponse Current { get; private set; } = null!;

    /// <summary>Reads the next response message; false at the end of an OK call, a thrown exception for a failed one.</summary>
    public async Task<bool> MoveNextAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_readInProgress)
            {
                throw new InvalidOperationException("Only one read of the response stream may be pending at a time: await the previous MoveNext first.");
            }

            _readInProgress = true;
        }

        CancellationTokenRegistration registration = default;
        try
        {
            if (cancellationToken.CanBeCanceled)
            {
                // A read cannot be abandoned half-way through a message, so its token cancels the call.
                registration = cancellationToken.UnsafeRegister(
                    static (state, token) => ((GrpcCall<TRequest, TResponse>)state!).Finish(CallStatuses.CancelledByReadToken, null, null, cancelledLocally: true, token),
                    this);
            }

            // Sending the request and checking the headers; it never throws.
            await _runTask.ConfigureAwait(false);
            bool finished;
            lock (_lock)
            {
                finished = _finished;
                _responseBusy = !finished;
            }

            if (finished)
            {
                return EndOfStream();
            }

            try
            {
                var (hasMessage, message) = await _reader!.ReadNextAsync(_method.ResponseMarshaller, _cts.Token).ConfigureAwait(false);
                if (hasMessage)
                {
                    Current = message!;
                    return true;
                }

                var (status, trailers) = ReadTrailers(_response!);
                Finish(status, trailers, cause: null);
            }
            catch (Exception ex)
            {
                FinishWithException(ex);
            }
            finally
            {
                EndResponseRead();
            }

            return EndOfStream();
        }
        finally
        {
            registration.Dispose();
            lock (_lock)
            {
                _readInProgress = false;
            }
        }
    }

    /// <summary>Writes one request message.</summary>
    public Task WriteAsync(TRequest message, WriteOptions? writeOptions, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_completeRequestTask is not null)
            {
                return Task.FromException(new InvalidOperationException("The request stream has been completed: no message can be written after CompleteAsync."));
            }

            if (_writeInProgress)
            {
                return Task.FromException(new InvalidOperationException("Only one write to the request stream may be pending at a time: await the previous WriteAsync first."));
            }

            if (_finished)
            {
                return Task.FromException(CreateCallEndedException());
            }

            _writeInProgress = true;
        }

        return WriteCoreAsync(message, writeOptions, cancellationToken);
    }

    /// <summary>Ends the request stream and waits until its end has been handed to the HTTP stack.</summary>
    public Task CompleteRequestAsync()
    {
        lock (_lock)
        {
            if (_writeInProgress)
            {
                return Task.FromException(new InvalidOperationException("The request stream cannot be completed while a write is pending: await the previous WriteAsync first."));
            }

            // Completing twice is harmless and waits for the same end.
            return _completeRequestTask ??= CompleteRequestCoreAsync(_requestContent!);
        }
    }

    private static async Task CompleteRequestCoreAsync(StreamingRequestContent content)
    {
        content.Complete();
        await content.Done.ConfigureAwait(false);
    }

    private async Task WriteCoreAsync(TRequest message, WriteOptions? writeOptions, CancellationToken cancellationToken)
    {
        CancellationTokenRegistration registration = default;
        try
        {
            if (cancellationToken.CanBeCanceled)
            {
                // A write cannot be abandoned half-way through a message, so its token cancels the call.
                registration = cancellationToken.UnsafeRegister(
                    static (state, token) => ((GrpcCall<TRequest, TResponse>)state!).Finish(CallStatuses.CancelledByWriteToken, null, null, cancelledLocally: true, token),
                    this);
            }

            var streamTask = _requestContent!.StreamTask;
            var stream = streamTask.IsCompletedSuccessfully ? streamTask.Result : await streamTask.ConfigureAwait(false);

            using var frame = new PooledBufferWriter();
            try
            {
                var compression = IsNoCompress(writeOptions) ? null : _compression;
                GrpcMessageWriter.Write(frame, message, _method.RequestMarshaller, compression, _channel.MaxSendMessageSize, "request");
            }
            catch (Exception ex)
            {
                // Nothing was sent, so the call goes on; only this write fails.
                throw ToSerializationException(ex);
            }

            await stream.WriteAsync(frame.WrittenMemory, _cts.Token).ConfigureAwait(false);
            if (writeOptions is null || (writeOptions.Flags & WriteFlags.BufferHint) == 0)
            {
                await stream.FlushAsync(_cts.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is not GrpcException)
        {
            throw await ToWriteExceptionAsync(ex).ConfigureAwait(false);
        }
        finally
        {
            registration.Dispose();
            lock (_lock)
            {
                _writeInProgress = false;
            }
        }
    }

    /// <summary>
    /// What a failed write throws. Once the call has ended that is the call's status, not the I/O error
    /// the broken stream caused.
    /// </summary>
    private async Task<Exception> ToWriteExceptionAsync(Exception ex)
    {
        if (!IsFinished() && _responseTcs is not null)
        {
            // The response is being read in the background and will end the call with the real status
            // (a server that answers early resets the request stream): wait for it.
            await ((Task)_responseTcs.Task).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        if (IsFinished())
        {
            return CreateCallEndedException();
        }

        // A duplex call whose response has not ended: its reads will tell the final status.
        return GrpcException.FromCall(ExceptionStatusMapper.ToStatus(ex), trailers: null, ex);
    }

    private bool IsFinished()
    {
        lock (_lock)
        {
            return _finished;
        }
    }

    /// <summary>Writing to a call that has ended: its error, or for an OK call a usage error.</summary>
    private Exception CreateCallEndedException()
    {
        lock (_lock)
        {
            if (_status.IsOk)
            {
                return new InvalidOperationException("The call has already ended with status OK: the request stream can no longer be written.");
            }
        }

        return CreateException();
    }

    /// <summary>The end of the response stream: false for an OK call, the call's exception otherwise.</summary>
    private bool EndOfStream()
    {
        lock (_lock)
        {
            if (_status.IsOk)
            {
                return false;
            }
        }

        throw CreateException();
    }
}
