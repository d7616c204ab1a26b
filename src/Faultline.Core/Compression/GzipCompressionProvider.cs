using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;

namespace Faultline.Compression;

/// <summary>The <c>gzip</c> message encoding.</summary>
public sealed class GzipCompressionProvider : ICompressionProvider, ICompressedPayloadVerifier
{
    private readonly CompressionLevel _level;

    /// <summary>Creates the provider.</summary>
    public GzipCompressionProvider(CompressionLevel level = CompressionLevel.Fastest) => _level = level;

    /// <inheritdoc />
    public string EncodingName => "gzip";

    /// <inheritdoc />
    public Stream CreateCompressionStream(Stream destination) => new GZipStream(destination, _level, leaveOpen: true);

    /// <inheritdoc />
    public Stream CreateDecompressionStream(Stream source) => new GZipStream(source, CompressionMode.Decompress, leaveOpen: true);

    /// <summary>Checks the gzip trailer's ISIZE (uncompressed length modulo 2^32); the stream itself checks the CRC when the trailer is present.</summary>
    public bool IsComplete(in ReadOnlySequence<byte> compressed, ReadOnlySpan<byte> decompressed)
    {
        const int MinimumGzipLength = 18; // 10-byte header + 8-byte trailer
        if (compressed.Length == 0)
        {
            // .NET's compression streams write nothing at all for empty input; accept that for an empty message.
            return decompressed.IsEmpty;
        }

        if (compressed.Length < MinimumGzipLength)
        {
            return false;
        }

        Span<byte> size = stackalloc byte[4];
        compressed.Slice(compressed.Length - 4).CopyTo(size);
        return BinaryPrimitives.ReadUInt32LittleEndian(size) == (uint)decompressed.Length;
    }
}
