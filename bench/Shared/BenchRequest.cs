using Google.Protobuf;

namespace Faultline.Bench;

/// <summary>The request every call sends: a <see cref="Payload"/> of exactly 100 bytes.</summary>
public static class BenchRequest
{
    public const int MessageSize = 100;

    /// <summary>98 data bytes + 1 tag byte + 1 length byte.</summary>
    public static Payload Create()
    {
        var data = new byte[MessageSize - 2];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = (byte)('a' + (i % 26));
        }

        var payload = new Payload { Data = ByteString.CopyFrom(data) };
        if (payload.CalculateSize() != MessageSize)
        {
            throw new InvalidOperationException($"The request is {payload.CalculateSize()} bytes, not {MessageSize}.");
        }

        return payload;
    }

    /// <summary>The request as a gRPC frame: uncompressed flag, big-endian length, message (the h2load body).</summary>
    public static byte[] CreateFrame()
    {
        var message = Create().ToByteArray();
        var frame = new byte[5 + message.Length];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)message.Length);
        message.CopyTo(frame, 5);
        return frame;
    }
}
