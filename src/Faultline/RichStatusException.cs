using Grpc.Core;

namespace Faultline;

/// <summary>
/// A call failed, and a strict read of its rich status found the <c>grpc-status-details-bin</c>
/// trailer unusable. It is an <see cref="RpcException"/> with the call's own status and trailers, so
/// <c>catch (RpcException)</c> still sees the code and message.
/// </summary>
public abstract class RichStatusException : RpcException
{
    /// <summary>Creates the exception for the call's <paramref name="status"/> and <paramref name="trailers"/>.</summary>
    protected RichStatusException(Status status, Metadata trailers, string message)
        : base(status, trailers, message)
    {
    }
}
