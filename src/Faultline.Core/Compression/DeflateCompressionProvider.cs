using System.IO.Compression;

namespace Faultline.Compression;

/// <summary>The <c>deflate</c> message encoding (zlib format, as the other gRPC implementations send it).</summary>
public sealed class DeflateCompressionProvider : ICompressionProvider
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
}
