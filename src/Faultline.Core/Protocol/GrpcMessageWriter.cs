using System.Buffers;
using Faultline.Buffers;
using Faultline.Compression;

namespace Faultline.Protocol;

/// <summary>
/// Writes one length-prefixed gRPC message. Uncompressed messages whose size the marshaller knows
/// are serialized straight into the output after the header; others go through a pooled buffer.
/// </summary>
internal static class GrpcMessageWriter
{
    /// <param name="output">Where the framed message goes.</param>
    /// <param name="message">The message.</param>
    /// <param name="marshaller">Its marshaller.</param>
    /// <param name="compression">The compression to apply, or null to send it uncompressed.</param>
    /// <param name="maxMessageSize">The largest payload allowed on the wire; null for no limit.</param>
    /// <param name="messageKind">"request" or "response", used in error messages.</param>
    public static void Write<T>(IBufferWriter<byte> output, T message, Marshaller<T> marshaller, ICompressionProvider? compression, int? maxMessageSize, string messageKind)
    {
        if (compression is null && marshaller.TryGetSize(message, out var size))
        {
            CheckSize(size, maxMessageSize, messageKind);
            MessageFrameHeader.Write(output.GetSpan(GrpcProtocolConstants.MessageHeaderSize), compressed: false, size);
            output.Advance(GrpcProtocolConstants.MessageHeaderSize);
            marshaller.Serialize(message, output);
            return;
        }

        using var serialized = new PooledBufferWriter();
        marshaller.Serialize(message, serialized);
        if (compression is null || serialized.WrittenCount == 0)
        {
            // Compressing nothing only adds bytes.
            WriteFramed(output, serialized.WrittenSpan, compressed: false, maxMessageSize, messageKind);
            return;
        }

        using var compressed = new PooledBufferWriter(serialized.WrittenCount / 2 + 64);
        using (var compressor = compression.CreateCompressionStream(new BufferWriterStream(compressed)))
        {
            compressor.Write(serialized.WrittenSpan);
        }

        WriteFramed(output, compressed.WrittenSpan, compressed: true, maxMessageSize, messageKind);
    }

    private static void WriteFramed(IBufferWriter<byte> output, ReadOnlySpan<byte> payload, bool compressed, int? maxMessageSize, string messageKind)
    {
        CheckSize(payload.Length, maxMessageSize, messageKind);
        var span = output.GetSpan(GrpcProtocolConstants.MessageHeaderSize + payload.Length);
        MessageFrameHeader.Write(span, compressed, payload.Length);
        payload.CopyTo(span.Slice(GrpcProtocolConstants.MessageHeaderSize));
        output.Advance(GrpcProtocolConstants.MessageHeaderSize + payload.Length);
    }

    private static void CheckSize(int size, int? maxMessageSize, string messageKind)
    {
        if (maxMessageSize is { } max && size > max)
        {
            throw new GrpcException(new Status(StatusCode.ResourceExhausted, $"Sending {messageKind} message of {size} bytes exceeds the limit of {max} bytes."));
        }
    }
}
