using System.Buffers.Text;

namespace Faultline.Protocol;

/// <summary>Base64 for <c>-bin</c> metadata: sent padded, accepted with or without padding.</summary>
internal static class BinaryHeaderValue
{
    public static string Encode(byte[] value) => Convert.ToBase64String(value);

    /// <exception cref="FormatException">The value is not base64.</exception>
    public static byte[] Decode(string value)
    {
        var trimmed = value.AsSpan().Trim();
        var remainder = trimmed.Length % 4;
        if (remainder == 1)
        {
            throw new FormatException("Invalid base64 length in a '-bin' header value.");
        }

        if (remainder == 0)
        {
            return Convert.FromBase64String(trimmed.ToString());
        }

        var padded = string.Concat(trimmed, new string('=', 4 - remainder));
        return Convert.FromBase64String(padded);
    }
}
