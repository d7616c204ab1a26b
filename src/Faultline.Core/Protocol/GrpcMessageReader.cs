using System.Buffers;
using System.IO.Pipelines;
using Faultline.Buffers;
using Faultline.Compression;

namespace Faultline.Protocol;

/// <summary>
/// Reads length-prefixed gRPC messages from a <see cref="PipeReader"/>: validates the header,
/// enforces the size limit on the declared length before buffering and again after decompression,
/// decompresses and deserializes. Every failure is a <see cref="GrpcException"/> with the status the
/// peer should see.
/// </summary>
internal sealed class GrpcMessageReader
{
    private readonly PipeReader _input;
    private readonly MessageReaderOptions _options;

    public GrpcMessageReader(PipeReader input, MessageReaderOptions options)
    {
        _input = input;
        _options = options;
    }

    /// <summary>Reads the next message; returns false (and a default message) at the end of the stream.</summary>
    public async ValueTask<(bool HasMessage, T? Message)> ReadNextAsync<T>(Marshaller<T> marshaller, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await _input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (TryDecode(buffer, marshaller, out var message, out var consumed))
            {
                _input.AdvanceTo(consumed);
                return (true, message);
            }

            if (result.IsCompleted || result.IsCanceled)
            {
                _input.AdvanceTo(buffer.End);
                if (result.IsCanceled)
                {
                    throw new OperationCanceledException(cancellationToken);
                }

                if (buffer.Length == 0)
                {
                    return (false, default);
                }

                throw new GrpcException(new Status(StatusCode.Internal, $"Incomplete {_options.MessageKind} message: the stream ended {buffer.Length} byte(s) into a message."));
            }

            _input.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>Reads exactly one message and the end of the stream (unary and server-streaming requests, unary responses).</summary>
    public async ValueTask<T> ReadSingleAsync<T>(Marshaller<T> marshaller, CancellationToken cancellationToken)
    {
        var (hasMessage, message) = await ReadNextAsync(marshaller, cancellationToken).ConfigureAwait(false);
        if (!hasMessage)
        {
            throw new GrpcException(new Status(StatusCode.Internal, $"Expected one {_options.MessageKind} message but the stream ended without one."));
        }

        await ReadEndAsync(cancellationToken).ConfigureAwait(false);
        return message!;
    }

    /// <summary>Waits for the end of the stream; any further data is an error.</summary>
    public async ValueTask ReadEndAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await _input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var length = result.Buffer.Length;
            _input.AdvanceTo(result.Buffer.Start, result.Buffer.End);
            if (length > 0)
            {
                throw new GrpcException(new Status(StatusCode.Internal, $"Unexpected data after the single {_options.MessageKind} message."));
            }

            if (result.IsCanceled)
            {
                throw new OperationCanceledException(cancellationToken);
            }

            if (result.IsCompleted)
            {
                return;
            }
        }
    }

    private bool TryDecode<T>(in ReadOnlySequence<byte> buffer, Marshaller<T> marshaller, out T? message, out SequencePosition consumed)
    {
        message = default;
        consumed = buffer.Start;
        if (!MessageFrameHeader.TryRead(buffer, out var flag, out var length))
        {
            return false;
        }

        if (flag > 1)
        {
            throw new GrpcException(new Status(StatusCode.Internal, $"Invalid compressed flag {flag} in a {_options.MessageKind} message header: it must be 0 or 1."));
        }

        if (length > int.MaxValue || (_options.MaxMessageSize is { } max && length > (uint)max))
        {
            throw TooLarge(length);
        }

        var total = GrpcProtocolConstants.MessageHeaderSize + (long)length;
        if (buffer.Length < total)
        {
            return false;
        }

        var payload = buffer.Slice(GrpcProtocolConstants.MessageHeaderSize, length);
        message = flag == 1 ? DecompressAndDeserialize(payload, marshaller) : Deserialize(payload, marshaller);
        consumed = payload.End;
        return true;
    }

    private T Deserialize<T>(in ReadOnlySequence<byte> payload, Marshaller<T> marshaller)
    {
        try
        {
            return marshaller.Deserialize(payload);
        }
        catch (Exception ex) when (ex is not GrpcException)
        {
            throw new GrpcException(new Status(StatusCode.Internal, $"Failed to deserialize the {_options.MessageKind} message."), trailers: null, innerException: ex);
        }
    }

    private T DecompressAndDeserialize<T>(in ReadOnlySequence<byte> payload, Marshaller<T> marshaller)
    {
        var encoding = _options.Encoding;
        if (string.IsNullOrEmpty(encoding) || string.Equals(encoding, GrpcProtocolConstants.IdentityEncoding, StringComparison.OrdinalIgnoreCase))
        {
            throw new GrpcException(new Status(StatusCode.Internal, $"A compressed {_options.MessageKind} message arrived but the stream's grpc-encoding is '{encoding ?? "(none)"}'."));
        }

        if (!_options.Providers.TryGet(encoding, out var provider))
        {
            throw new GrpcException(new Status(StatusCode.Unimplemented, $"Unsupported grpc-encoding '{encoding}'. Supported encodings: {_options.Providers.AcceptEncodingHeaderValue}"));
        }

        using var decompressed = Decompress(payload, provider);
        return Deserialize(new ReadOnlySequence<byte>(decompressed.WrittenMemory), marshaller);
    }

    private PooledBufferWriter Decompress(ReadOnlySequence<byte> payload, ICompressionProvider provider)
    {
        var output = new PooledBufferWriter((int)Math.Min(payload.Length * 4, 64 * 1024) + 16);
        try
        {
            using var source = new ReadOnlySequenceStream(payload);
            using var decompressor = provider.CreateDecompressionStream(source);
            while (true)
            {
                var span = output.GetSpan(4096);
                var read = decompressor.Read(span);
                if (read == 0)
                {
                    if (provider is ICompressedPayloadVerifier verifier && !verifier.IsComplete(payload, output.WrittenSpan))
                    {
                        throw new InvalidDataException("The compressed payload is truncated or corrupt.");
                    }

                    return output;
                }

                output.Advance(read);
                if (_options.MaxMessageSize is { } max && output.WrittenCount > max)
                {
                    // The limit holds for what the message decompresses to, not only what was sent.
                    throw TooLarge((uint)output.WrittenCount, afterDecompression: true);
                }
            }
        }
        catch (Exception ex) when (ex is not GrpcException)
        {
            output.Dispose();
            throw new GrpcException(new Status(StatusCode.Internal, $"Failed to decompress the {_options.MessageKind} message with '{provider.EncodingName}'."), trailers: null, innerException: ex);
        }
        catch
        {
            output.Dispose();
            throw;
        }
    }

    private GrpcException TooLarge(uint length, bool afterDecompression = false)
    {
        var max = _options.MaxMessageSize?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? int.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var what = afterDecompression ? "decompresses to more than" : $"of {length} bytes exceeds";
        return new GrpcException(new Status(StatusCode.ResourceExhausted, $"Received {_options.MessageKind} message {what} the limit of {max} bytes."));
    }
}
