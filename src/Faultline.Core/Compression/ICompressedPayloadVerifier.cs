using System.Buffers;

namespace Faultline.Compression;

/// <summary>
/// Implemented by a compression provider whose format carries an integrity trailer. .NET's
/// decompression streams report a cut-off payload as a normal end of data, so without this check a
/// truncated message would be accepted as a shorter one.
/// </summary>
public interface ICompressedPayloadVerifier
{
    /// <summary>Whether <paramref name="decompressed"/> is all that <paramref name="compressed"/> encodes.</summary>
    bool IsComplete(in ReadOnlySequence<byte> compressed, ReadOnlySpan<byte> decompressed);
}
