using Grpc.Core;

namespace Faultline;

/// <summary>The rich status and the typed exception of any <see cref="RpcException"/>, however it was made.</summary>
public static class RpcExceptionExtensions
{
    /// <summary>
    /// The rich status of a failed call, read leniently: the code and message of
    /// <paramref name="exception"/>'s status, with the details of its <c>grpc-status-details-bin</c>
    /// trailer when it parses (none when it is missing or malformed).
    /// </summary>
    public static RichStatus GetRichStatus(this RpcException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception is GrpcException grpc ? grpc.RichStatus : StatusDetailsReader.ReadLenient(exception);
    }

    /// <summary>
    /// The typed Faultline exception for <paramref name="exception"/> (e.g. <see cref="NotFoundException"/>
    /// for NOT_FOUND) with its decoded details; <paramref name="exception"/> itself when it already is one.
    /// </summary>
    public static GrpcException ToGrpcException(this RpcException exception) => GrpcException.FromRpcException(exception);
}
