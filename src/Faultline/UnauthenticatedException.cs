using Google.Protobuf;
using Grpc.Core;

namespace Faultline;

/// <summary>The request does not have valid authentication credentials for the operation. Status code <c>Unauthenticated</c>.</summary>
public class UnauthenticatedException : GrpcException
{
    /// <summary>The message used when none is given.</summary>
    public const string DefaultMessage = "The request does not have valid authentication credentials for the operation.";

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The status message; <see cref="DefaultMessage"/> when null.</param>
    /// <param name="details">Rich details (any protobuf messages, e.g. from google/rpc/error_details.proto).</param>
    /// <param name="trailers">Further trailers to send with the status.</param>
    public UnauthenticatedException(string? message = null, IEnumerable<IMessage>? details = null, Metadata? trailers = null)
        : base(new RichStatus(StatusCode.Unauthenticated, message ?? DefaultMessage, Pack(details)), trailers)
    {
    }

    /// <summary>Creates the exception (with an optional local cause) for a rich status whose code is <see cref="StatusCode.Unauthenticated"/>.</summary>
    /// <exception cref="ArgumentException">The status has another code.</exception>
    public UnauthenticatedException(RichStatus richStatus, Metadata? trailers = null, Exception? innerException = null)
        : base(RequireCode(richStatus, StatusCode.Unauthenticated), trailers, innerException)
    {
    }

    internal UnauthenticatedException(RichStatus richStatus, RpcException received)
        : base(richStatus, received)
    {
    }
}
