using Faultline.Internal;

namespace Faultline;

/// <summary>Whether an exception came from a downstream call.</summary>
public static class RemoteErrorExtensions
{
    /// <summary>
    /// The failed downstream call <paramref name="exception"/> stands for: itself when it is a
    /// received <see cref="GrpcException"/> (<see cref="GrpcException.IsRemote"/>), the call's exception
    /// when a <see cref="DomainErrorCatalog"/> restored it, otherwise (raised in this process) null.
    /// A Faultline server relays such an error with its status and details but not the downstream's trailers.
    /// </summary>
    public static GrpcException? GetRemoteError(this Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception is GrpcException { IsRemote: true } remote ? remote : RemoteErrors.OriginOf(exception);
    }
}
