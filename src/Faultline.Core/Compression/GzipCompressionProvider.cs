using System.IO.Compression;

namespace Faultline.Compression;

/// <summary>The <c>gzip</c> message encoding.</summary>
public sealed class GzipCompressionProvider : ICompressionProvider
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
}
