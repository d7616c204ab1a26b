namespace Faultline.Protocol;

/// <summary>
/// Headers that belong to the protocol or HTTP/2 and are not shown as custom metadata.
/// <c>grpc-status-details-bin</c> is deliberately not among them: applications read it.
/// </summary>
internal static class ReservedHeaders
{
    private static readonly HashSet<string> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        "content-type", "te", "host", "user-agent", "accept-encoding", "content-length", "content-encoding",
        "connection", "keep-alive", "transfer-encoding", "upgrade", "proxy-connection", "date", "server",
        GrpcProtocolConstants.StatusHeader, GrpcProtocolConstants.MessageHeader, GrpcProtocolConstants.TimeoutHeader,
        GrpcProtocolConstants.EncodingHeader, GrpcProtocolConstants.AcceptEncodingHeader,
    };

    /// <summary>True for pseudo-headers (<c>:path</c>) and reserved headers.</summary>
    public static bool IsReserved(string name) => name.Length == 0 || name[0] == ':' || Names.Contains(name);
}
