namespace Faultline.Internal.Wire;

/// <summary>
/// What a text (non <c>-bin</c>) header value may contain: printable ASCII, %x20-%x7E, as the gRPC
/// HTTP/2 protocol defines ASCII-Value. Kestrel refuses anything else when it writes the trailers,
/// and the whole status would be lost (the client sees HTTP 500 as UNKNOWN).
/// </summary>
internal static class AsciiHeaderValue
{
    public static bool IsValid(string value)
    {
        foreach (var c in value)
        {
            if (c is < ' ' or > '~')
            {
                return false;
            }
        }

        return true;
    }
}
