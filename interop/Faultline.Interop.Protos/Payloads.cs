using Google.Protobuf;
using Grpc.Testing;

namespace Faultline.Interop;

/// <summary>Payloads of zeros, as every interop case uses.</summary>
public static class Payloads
{
    /// <summary>A COMPRESSABLE payload of <paramref name="size"/> zero bytes.</summary>
    public static Payload Zeros(int size) => new() { Type = PayloadType.Compressable, Body = ByteString.CopyFrom(new byte[size]) };

    /// <summary>Whether <paramref name="payload"/> is <paramref name="size"/> zero bytes.</summary>
    public static bool IsZeros(Payload? payload, int size)
    {
        if (payload is null)
        {
            return size == 0;
        }

        var body = payload.Body.Span;
        return body.Length == size && !body.ContainsAnyExcept((byte)0);
    }
}
