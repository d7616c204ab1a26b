using Grpc.Core;

namespace Faultline.Client.Internal.Interception;

/// <summary>
/// The status an attempt ended with, when only its exception tells: the status of an RpcException
/// (every typed Faultline exception is one), the typed status of a <see cref="GrpcCanceledException"/>,
/// CANCELLED for another cancellation, and UNKNOWN (with the exception kept locally) for anything else,
/// e.g. an interceptor below that threw.
/// </summary>
internal static class AttemptStatus
{
    public static readonly Status Abandoned = new(StatusCode.Cancelled, "The attempt was disposed before it ended.");

    public static Status Of(Exception exception) => exception switch
    {
        RpcException rpc => rpc.Status,
        GrpcCanceledException canceled => canceled.Error.Status,
        OperationCanceledException => new Status(StatusCode.Cancelled, exception.Message, exception),
        _ => new Status(StatusCode.Unknown, exception.Message, exception),
    };
}
