namespace Faultline.Compression;

/// <summary>A message compression algorithm, named as in <c>grpc-encoding</c>.</summary>
public interface ICompressionProvider
{
    /// <summary>The encoding name, e.g. <c>gzip</c>.</summary>
    string EncodingName { get; }

    /// <summary>Returns a stream that compresses what is written to it into <paramref name="destination"/>.</summary>
    Stream CreateCompressionStream(Stream destination);

    /// <summary>Returns a stream that decompresses <paramref name="source"/>.</summary>
    Stream CreateDecompressionStream(Stream source);
}
