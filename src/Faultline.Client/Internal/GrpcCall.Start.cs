using System.IO.Pipelines;
using Faultline.Buffers;
using Faultline.Protocol;

namespace Faultline.Client.Internal;

/// <summary>Starting a call: deadline, cancellation, the request, and the response headers.</summary>
internal sealed partial class GrpcCall<TRequest, TResponse>
{
    /// <summary>Starts a unary or server-streaming call: one request message, sent as the whole body.</summary>
    public void StartWithRequest(TRequest request)
    {
        if (!TryInitialize(out var timeout))
        {
            return;
        }

        var frame = new PooledBufferWriter();
        try
        {
            var compression = IsNoCompress(_options.WriteOptions) ? null : _compression;
            GrpcMessageWriter.Write(frame, request, _method.RequestMarshaller, compression, _channel.MaxSendMessageSize, "request");
        }
        catch (Exception ex)
        {
            frame.Dispose();
            FinishWithException(ToSerializationException(ex));
            return;
        }

        Send(new UnaryRequestContent(frame), timeout);
    }

    /// <summary>Starts a client-streaming or duplex call: the body is pushed by the request stream writer.</summary>
    public void StartWithRequestStream()
    {
        if (!TryInitialize(out var timeout))
        {
            // The writer still needs a content to report the ended call through.
            _requestContent = new StreamingRequestContent();
            _requestContent.Abort();
            return;
        }

        _requestContent = new StreamingRequestContent();
        Send(_requestContent, timeout);
    }

    /// <summary>
    /// Resolves compression, the caller's token and the deadline. Returns false when the call has already
    /// ended (a cancelled token, a past deadline, an unknown compression).
    /// </summary>
    private bool TryInitialize(out TimeSpan? timeout)
    {
        timeout = null;
        try
        {
            _compression = _channel.ResolveCompression(_options.Compression);
        }
        catch (InvalidOperationException ex)
        {
            Finish(new Status(StatusCode.Internal, ex.Message), trailers: null, ex);
            return false;
        }

        var token = _options.CancellationToken;
        if (token.CanBeCanceled)
        {
            // Runs at once, on this thread, if the token is already cancelled.
            _callTokenRegistration = token.UnsafeRegister(
                static (state, t) => ((GrpcCall<TRequest, TResponse>)state!).Finish(CallStatuses.CancelledByToken, null, null, cancelledLocally: true, t),
                this);
        }

        if (_options.Deadline is { } deadline && deadline != DateTime.MaxValue)
        {
            // Deadlines are UTC in gRPC; only an explicitly local time is converted (an unspecified kind is taken as UTC).
            var utc = deadline.Kind == DateTimeKind.Local ? deadline.ToUniversalTime() : DateTime.SpecifyKind(deadline, DateTimeKind.Utc);
            if (utc != DateTime.MaxValue)
            {
                _deadline = utc;
                var remaining = utc - DateTime.UtcNow;
                if (remaining <= TimeSpan.Zero)
                {
                    Finish(CallStatuses.DeadlineExceeded, trailers: null, cause: null, cancelledLocally: true);
                    return false;
                }

                timeout = remaining;
                StartDeadlineTimer(remaining);
            }
        }

        lock (_lock)
        {
            if (!_finished)
            {
                return true;
            }
        }

        // Cancelled while the timer was being armed: Finish may have missed it.
        _deadlineTimer?.Dispose();
        return false;
    }

    private void Send(HttpContent content, TimeSpan? timeout)
    {
        // Recomputed just before sending so time spent serializing counts against the deadline.
        if (timeout is not null && _deadline is { } deadline)
        {
            timeout = deadline - DateTime.UtcNow;
        }

        _request = GrpcRequestFactory.Create(_channel, _method, _options.Headers, _compression, timeout, content);
        lock (_lock)
        {
            if (!_finished)
            {
                _responseBusy = true;
            }
        }

        if (!_responseBusy)
        {
            // Ended (token, deadline) while the request was built; it is never sent.
            _request.Dispose();
            return;
        }

        _runTask = RunAsync(_request);
    }

    /// <summary>Sends the request and handles the response headers; for single-response calls also reads the response.</summary>
    private async Task RunAsync(HttpRequestMessage request)
    {
        try
        {
            var response = await _channel.HttpInvoker.SendAsync(request, _cts.Token).ConfigureAwait(false);
            _response = response;
            var ended = ResponseHeaderValidator.Validate(response, out var trailersOnly);
            _headersTcs.TrySetResult(ResponseMetadata.FromHeaders(response));
            if (ended is { } status)
            {
                if (status.IsOk && _responseTcs is not null)
                {
                    status = CallStatuses.NoResponseMessage;
                }

                Finish(status, trailersOnly ? ResponseMetadata.FromHeaders(response) : null, cause: null);
                return;
            }

            var stream = await response.Content.ReadAsStreamAsync(_cts.Token).ConfigureAwait(false);
            _pipe = PipeReader.Create(stream);
            _reader = new GrpcMessageReader(_pipe, GetReaderOptions(response));
            if (_responseTcs is null)
            {
                // Streaming responses are read by the response stream reader.
                return;
            }

            var (hasMessage, message) = await _reader.ReadNextAsync(_method.ResponseMarshaller, _cts.Token).ConfigureAwait(false);
            if (hasMessage)
            {
                await _reader.ReadEndAsync(_cts.Token).ConfigureAwait(false);
            }

            var (final, trailers) = ReadTrailers(response);
            if (final.IsOk && !hasMessage)
            {
                final = CallStatuses.NoResponseMessage;
            }

            if (final.IsOk)
            {
                if (Finish(final, trailers, cause: null))
                {
                    _responseTcs.TrySetResult(message!);
                }
            }
            else
            {
                // A message followed by an error status is discarded: the call failed.
                Finish(final, trailers, cause: null);
            }
        }
        catch (Exception ex)
        {
            FinishWithException(ex);
        }
        finally
        {
            EndResponseRead();
        }
    }

    private MessageReaderOptions GetReaderOptions(HttpResponseMessage response)
    {
        if (response.Headers.NonValidated.TryGetValues(GrpcProtocolConstants.EncodingHeader, out var values))
        {
            var encoding = values.ToString();
            if (!string.Equals(encoding, GrpcProtocolConstants.IdentityEncoding, StringComparison.OrdinalIgnoreCase))
            {
                return new MessageReaderOptions(_channel.MaxReceiveMessageSize, encoding, _channel.CompressionProviders, "response");
            }
        }

        return _channel.IdentityReaderOptions;
    }

    /// <summary>The status and trailers, read after the response body's end.</summary>
    private static (Status Status, Metadata Trailers) ReadTrailers(HttpResponseMessage response)
    {
        var trailingHeaders = response.TrailingHeaders;
        var trailers = ResponseMetadata.FromTrailers(trailingHeaders);
        return ResponseStatusReader.TryRead(trailingHeaders, out var status)
            ? (status, trailers)
            : (CallStatuses.MissingStatus, trailers);
    }

    private static bool IsNoCompress(WriteOptions? options) => options is not null && (options.Flags & WriteFlags.NoCompress) != 0;

    private static Exception ToSerializationException(Exception ex) => ex is GrpcException
        ? ex
        : new InternalException(new RichStatus(StatusCode.Internal, $"Failed to serialize the request message: {ex.Message}"), trailers: null, ex);
}
