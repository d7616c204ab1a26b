using Microsoft.Extensions.Logging;

namespace Faultline.Server.Internal;

/// <summary>The server's log messages, with stable event ids.</summary>
internal static partial class ServerLog
{
    [LoggerMessage(1, LogLevel.Error, "Unhandled exception in gRPC method {Method}; the client receives UNKNOWN.")]
    public static partial void UnhandledException(ILogger logger, string method, Exception exception);

    [LoggerMessage(2, LogLevel.Information, "gRPC method {Method} ended with status {StatusCode}: {StatusMessage}")]
    public static partial void ErrorStatus(ILogger logger, string method, StatusCode statusCode, string statusMessage);

    [LoggerMessage(3, LogLevel.Information, "gRPC call {Method} was cancelled by the client.")]
    public static partial void CallCancelled(ILogger logger, string method);

    [LoggerMessage(4, LogLevel.Information, "gRPC call {Method} exceeded its deadline.")]
    public static partial void DeadlineExceeded(ILogger logger, string method);

    [LoggerMessage(5, LogLevel.Error, "Error while ending gRPC call {Method} after its deadline.")]
    public static partial void DeadlineEndFailed(ILogger logger, string method, Exception exception);

    [LoggerMessage(6, LogLevel.Information, "Request with content-type '{ContentType}' to {Path} is not gRPC; answered 415.")]
    public static partial void UnsupportedContentType(ILogger logger, string? contentType, string path);

    [LoggerMessage(7, LogLevel.Information, "Request to {Path} used {Protocol}; gRPC needs HTTP/2; answered 426.")]
    public static partial void UnsupportedProtocol(ILogger logger, string protocol, string path);

    [LoggerMessage(8, LogLevel.Information, "No gRPC method matches {Path}; answered UNIMPLEMENTED.")]
    public static partial void Unimplemented(ILogger logger, string path);

    [LoggerMessage(9, LogLevel.Debug, "gRPC call {Method} ended with protocol error {StatusCode}: {StatusMessage}")]
    public static partial void ProtocolError(ILogger logger, string method, StatusCode statusCode, string statusMessage);

    [LoggerMessage(10, LogLevel.Warning, "Status of gRPC call {Method} was {OriginalSize} bytes, over the {MaxSize}-byte trailer limit; dropped details [{DroppedDetails}], message truncated: {MessageTruncated}, application trailers dropped: {TrailersDropped}.")]
    public static partial void StatusTrimmed(ILogger logger, string method, int originalSize, int maxSize, string droppedDetails, bool messageTruncated, bool trailersDropped);
}
