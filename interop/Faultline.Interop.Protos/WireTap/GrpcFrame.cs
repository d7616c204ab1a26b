namespace Faultline.Interop.WireTap;

/// <summary>One length-prefixed gRPC message as it crossed the wire: its compressed flag and payload length.</summary>
/// <param name="Compressed">The compressed flag of the 5-byte message header (true for flag 1).</param>
/// <param name="Length">The payload length the header declares, in bytes (compressed size when compressed).</param>
public readonly record struct GrpcFrame(bool Compressed, uint Length)
{
    public override string ToString() => $"{(Compressed ? "C" : "U")}{Length}";
}
