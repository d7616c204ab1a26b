namespace Faultline.Internal.Wire;

/// <summary>
/// Sizes of header fields as HTTP/2 counts them against a peer's header list limit
/// (RFC 9113 section 6.5.2: name length + value length + 32 per field), and the lengths of the
/// encodings gRPC uses for values: percent-encoding for <c>grpc-message</c>, base64 for <c>-bin</c>.
/// </summary>
internal static class HeaderSizes
{
    public const int PerFieldOverhead = 32;

    public static int Field(string name, int valueLength) => name.Length + valueLength + PerFieldOverhead;

    /// <summary>Length of base64 with padding, as grpc-dotnet writes binary values.</summary>
    public static int Base64Length(int byteCount) => (byteCount + 2) / 3 * 4;

    /// <summary>
    /// Length of <paramref name="text"/> once percent-encoded for <c>grpc-message</c>: printable ASCII
    /// other than '%' stays as it is; every other character becomes its UTF-8 bytes as %XX each.
    /// </summary>
    public static int PercentEncodedLength(ReadOnlySpan<char> text)
    {
        var length = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is >= ' ' and <= '~' && c != '%')
            {
                length++;
            }
            else if (c < 0x80)
            {
                length += 3;
            }
            else if (c < 0x800)
            {
                length += 6;
            }
            else if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                length += 12;
                i++;
            }
            else
            {
                // A lone surrogate is written as U+FFFD, which is three bytes too.
                length += 9;
            }
        }

        return length;
    }
}
