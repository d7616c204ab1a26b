using System.Buffers;
using System.Buffers.Binary;

namespace Faultline.Protocol;

/// <summary>The 5-byte prefix of every gRPC message: compressed flag and big-endian payload length.</summary>
internal static class MessageFrameHeader
{
    /// <summary>Writes a header into <paramref name="destination"/> (at least 5 bytes).</summary>
    public static void Write(Span<byte> destination, bool compressed, int length)
    {
        destination[0] = compressed ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(1), (uint)length);
    }

    /// <summary>
    /// Reads a header from the start of <paramref name="buffer"/>, which may span several segments.
    /// Returns false when fewer than 5 bytes are available.
    /// </summary>
    /// <param name="buffer">The received bytes.</param>
    /// <param name="flag">The raw compressed-flag byte (validated by the caller).</param>
    /// <param name="length">The declared payload length, unsigned.</param>
    public static bool TryRead(in ReadOnlySequence<byte> buffer, out byte flag, out uint length)
    {
        if (buffer.Length < GrpcProtocolConstants.MessageHeaderSize)
        {
            flag = 0;
            length = 0;
            return false;
        }

        Span<byte> header = stackalloc byte[GrpcProtocolConstants.MessageHeaderSize];
        var first = buffer.FirstSpan;
        if (first.Length >= GrpcProtocolConstants.MessageHeaderSize)
        {
            first.Slice(0, GrpcProtocolConstants.MessageHeaderSize).CopyTo(header);
        }
        else
        {
            buffer.Slice(0, GrpcProtocolConstants.MessageHeaderSize).CopyTo(header);
        }

        flag = header[0];
        length = BinaryPrimitives.ReadUInt32BigEndian(header.Slice(1));
        return true;
    }
}
