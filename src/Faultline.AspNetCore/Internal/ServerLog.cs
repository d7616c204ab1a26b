using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace Faultline.AspNetCore.Internal;

/// <summary>
/// The server pipeline's log messages, with stable event ids. grpc-dotnet logs nothing for a failure
/// Faultline handles (the pipeline ends the call without rethrowing), so nothing is logged twice.
/// </summary>
internal static partial class ServerLog
{
    [LoggerMessage(1, LogLevel.Error, "gRPC call {Method} threw an unexpected {ExceptionType}; the client receives {StatusCode}.", EventName = "UnexpectedException")]
    public static partial void UnexpectedException(ILogger logger, string method, string exceptionType, StatusCode statusCode, Exception exception);

    [LoggerMessage(2, LogLevel.Debug, "gRPC call {Method} ended with {StatusCode}: {StatusMessage}", EventName = "CallFailed")]
    public static partial void CallFailed(ILogger logger, string method, StatusCode statusCode, string statusMessage);

    [LoggerMessage(3, LogLevel.Debug, "gRPC call {Method} ended with {StatusCode} relayed from a downstream call: {StatusMessage}", EventName = "RelayedStatus")]
    public static partial void RelayedStatus(ILogger logger, string method, StatusCode statusCode, string statusMessage);

    [LoggerMessage(4, LogLevel.Debug, "gRPC call {Method} was cancelled while its handler ran ({ExceptionType}).", EventName = "CallCancelled")]
    public static partial void CallCancelled(ILogger logger, string method, string exceptionType);

    [LoggerMessage(5, LogLevel.Warning, "The status of gRPC call {Method} took {OriginalSize} bytes, over the {MaxSize}-byte budget; sent {FinalSize} bytes. Dropped details: [{DroppedDetails}]; message truncated: {MessageTruncated}; dropped trailers: [{DroppedTrailers}].", EventName = "StatusTrimmed")]
    public static partial void StatusTrimmed(ILogger logger, string method, int originalSize, int maxSize, int finalSize, string droppedDetails, bool messageTruncated, string droppedTrailers);

    [LoggerMessage(6, LogLevel.Warning, "gRPC call {Method} had trailers whose values are not printable ASCII, which HTTP/2 cannot carry; they were dropped so the status still reaches the client: [{Trailers}]. Send such values in a '-bin' trailer.", EventName = "InvalidTrailersDropped")]
    public static partial void InvalidTrailersDropped(ILogger logger, string method, string trailers);

    [LoggerMessage(7, LogLevel.Error, "An exception mapping failed for {ExceptionType} thrown by gRPC call {Method}; the client receives {StatusCode}.", EventName = "ExceptionMappingFailed")]
    public static partial void ExceptionMappingFailed(ILogger logger, string method, string exceptionType, StatusCode statusCode, Exception exception);

    [LoggerMessage(8, LogLevel.Information, "A request message of gRPC call {Method} could not be deserialized; the client receives {StatusCode}. {Reason}", EventName = "RequestNotDeserialized")]
    public static partial void RequestNotDeserialized(ILogger logger, string method, StatusCode statusCode, string reason);
}
