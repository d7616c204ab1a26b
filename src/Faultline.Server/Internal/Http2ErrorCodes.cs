namespace Faultline.Server.Internal;

/// <summary>HTTP/2 RST_STREAM error codes (RFC 9113 section 7) the server sends.</summary>
internal static class Http2ErrorCodes
{
    public const int NoError = 0x0;
    public const int InternalError = 0x2;
    public const int Cancel = 0x8;
}
