using System.Text;
using Faultline.Internal.Wire;

namespace Faultline.Tests.Infrastructure;

/// <summary>
/// An independent measure of what a status costs on the wire, as HTTP/2 counts a header list
/// (RFC 9113 section 6.5.2: name octets + value octets + 32 per field), with the values encoded the
/// way grpc-dotnet writes them: grpc-message percent-encoded over UTF-8, -bin values in padded base64.
/// Written from the specs, not from Faultline's own size code.
/// </summary>
internal static class ReferenceHeaderSize
{
    private const int Overhead = 32;

    /// <summary>grpc-message's value: UTF-8 bytes; printable ASCII other than '%' as is, every other byte as %XX.</summary>
    public static string PercentEncode(string text)
    {
        var builder = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            if (b is >= 0x20 and <= 0x7E && b != (byte)'%')
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2"));
            }
        }

        return builder.ToString();
    }

    public static int Field(string name, string value) => Encoding.ASCII.GetByteCount(name) + Encoding.ASCII.GetByteCount(value) + Overhead;

    public static int Entry(Metadata.Entry entry) =>
        Field(entry.Key, entry.IsBinary ? Convert.ToBase64String(entry.ValueBytes) : entry.Value);

    /// <summary>grpc-status, grpc-message (when not empty) and every trailer of <paramref name="encoded"/>.</summary>
    public static int Of(EncodedStatus encoded)
    {
        var size = Field("grpc-status", ((int)encoded.Status.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (encoded.Status.Detail.Length > 0)
        {
            size += Field("grpc-message", PercentEncode(encoded.Status.Detail));
        }

        foreach (var entry in encoded.ToTrailers())
        {
            size += Entry(entry);
        }

        return size;
    }
}
