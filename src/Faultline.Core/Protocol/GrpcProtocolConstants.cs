namespace Faultline.Protocol;

/// <summary>Header names, content types and defaults of the gRPC-over-HTTP/2 protocol.</summary>
internal static class GrpcProtocolConstants
{
    public const string ContentType = "application/grpc";
    public const string StatusHeader = "grpc-status";
    public const string MessageHeader = "grpc-message";
    public const string TimeoutHeader = "grpc-timeout";
    public const string EncodingHeader = "grpc-encoding";
    public const string AcceptEncodingHeader = "grpc-accept-encoding";
    public const string StatusDetailsHeader = "grpc-status-details-bin";
    public const string TeHeader = "te";
    public const string TeTrailers = "trailers";
    public const string UserAgentHeader = "user-agent";
    public const string ContentTypeHeader = "content-type";
    public const string IdentityEncoding = "identity";

    /// <summary>Size of the length prefix of every message: 1 compressed-flag byte and a 4-byte big-endian length.</summary>
    public const int MessageHeaderSize = 5;

    /// <summary>The default limit on a received message (4 MiB), as in every official implementation.</summary>
    public const int DefaultMaxReceiveMessageSize = 4 * 1024 * 1024;

    public static readonly string UserAgent = "faultline-dotnet/" + (typeof(GrpcProtocolConstants).Assembly.GetName().Version?.ToString(3) ?? "0.1.0");
}
