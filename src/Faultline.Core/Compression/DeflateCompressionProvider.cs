using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;

namespace Faultline.Compression;

/// <summary>The <c>deflate</c> message encoding (zlib format, as the other gRPC implementations send it).</summary>
public sealed class DeflateCompressionProvider : ICompressionProvider, ICompressedPayloadVerifier
{
    private readonly CompressionLevel _level;

    /// <summary>Creates the provider.</summary>
    public DeflateCompressionProvider(CompressionLevel level = CompressionLevel.Fastest) => _level = level;

    /// <inheritdoc />
    public string EncodingName => "deflate";

    /// <inheritdoc />
    public Stream CreateCompressionStream(Stream destination) => new ZLibStream(destination, _level, leaveOpen: true);

    /// <inheritdoc />
    public Stream CreateDecompressionStream(Stream source) => new ZLibStream(source, CompressionMode.Decompress, leaveOpen: true);

    /// <summary>Checks the zlib trailer: the Adler-32 of the uncompressed data, big-endian.</summary>
    public bool IsComplete(in ReadOnlySequence<byte> compressed, ReadOnlySpan<byte> decompressed)
    {
        const int MinimumZlibLength = 6; // 2-byte header + 4-byte trailer
        if (compressed.Length == 0)
        {
            // .NET's compression streams write nothing at all for empty input; accept that for an empty message.
            return decompressed.IsEmpty;
        }

        if (compressed.Length < MinimumZlibLength)
        {
            return false;
        }

        Span<byte> checksum = stackalloc byte[4];
        compressed.Slice(compressed.Length - 4).CopyTo(checksum);
        return BinaryPrimitives.ReadUInt32BigEndian(checksum) == Adler32(decompressed);
    }

    private static uint Adler32(ReadOnlySpan<byte> data)
    {
        const uint Modulus = 65521;
        const int BlockSize = 5552; // the largest block whose sums cannot overflow 32 bits
        uint a = 1, b = 0;
        while (data.Length > 0)
        {
            var block = data.Slice(0, Math.Min(BlockSize, data.Length));
            foreach (var value in block)
            {
                a += value;
                b += a;
            }

            a %= Modulus;
            b %= Modulus;
            data = data.Slice(block.Length);
        }

        return (b << 16) | a;
    }
}
