using Faultline.Compression;

namespace Faultline.Server;

/// <summary>Options for every Faultline service in the application.</summary>
public sealed class FaultlineServerOptions
{
    /// <summary>
    /// The largest request message accepted, in bytes, both as received and after decompression.
    /// Larger messages end the call with RESOURCE_EXHAUSTED. Default 4 MiB; <c>null</c> for no limit.
    /// </summary>
    public int? MaxReceiveMessageSize { get; set; } = Protocol.GrpcProtocolConstants.DefaultMaxReceiveMessageSize;

    /// <summary>The largest response message the server sends, in bytes; <c>null</c> (default) for no limit.</summary>
    public int? MaxSendMessageSize { get; set; }

    /// <summary>
    /// When true, the status message of an unhandled exception includes the exception's type and
    /// message, the status carries a google.rpc.DebugInfo with its stack trace, and DebugInfo details
    /// that services attach are sent. When false (the default), no exception text or DebugInfo leaves
    /// the server. Keep it off in production: both can leak internals.
    /// </summary>
    public bool EnableDetailedErrors { get; set; }

    /// <summary>
    /// The largest status trailer block the server sends, in bytes as HTTP/2 counts header lists
    /// (name + value + 32 per entry). A larger status is made to fit: details are dropped (DebugInfo
    /// first, then the largest) and the message truncated, and the server logs what it dropped, so
    /// a peer's header limit never kills the call. Default 8 KiB, the limit gRPC's C core (Python,
    /// C++, Ruby...) accepts by default.
    /// </summary>
    public int MaxStatusTrailerSize { get; set; } = 8 * 1024;

    /// <summary>
    /// The compression for responses (e.g. <c>gzip</c>), used only when the client advertises it in
    /// <c>grpc-accept-encoding</c>. Default <c>null</c>: responses are not compressed.
    /// </summary>
    public string? ResponseCompressionAlgorithm { get; set; }

    /// <summary>The message encodings the server understands. Default gzip and deflate.</summary>
    public IList<ICompressionProvider> CompressionProviders { get; } = new List<ICompressionProvider>
    {
        new GzipCompressionProvider(),
        new DeflateCompressionProvider(),
    };

    /// <summary>
    /// Whether to answer gRPC requests for unknown services and methods with UNIMPLEMENTED (as the
    /// spec asks) instead of letting them fall through to other endpoints. Default true.
    /// </summary>
    public bool MapUnimplementedCalls { get; set; } = true;
}
