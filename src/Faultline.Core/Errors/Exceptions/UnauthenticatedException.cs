using Google.Protobuf;

namespace Faultline;

/// <summary>The request does not have valid authentication credentials for the operation. Status code <c>Unauthenticated</c>.</summary>
public class UnauthenticatedException : GrpcException
{
    /// <summary>The message used when none is given.</summary>
    public const string DefaultMessage = "The request does not have valid authentication credentials for the operation.";

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The status message; <see cref="DefaultMessage"/> when null.</param>
    /// <param name="details">Rich details (any protobuf messages, e.g. from google/rpc/error_details.proto).</param>
    /// <param name="trailers">Extra trailers to send.</param>
    public UnauthenticatedException(string? message = null, IEnumerable<IMessage>? details = null, Metadata? trailers = null)
        : base(new RichStatus(StatusCode.Unauthenticated, message ?? DefaultMessage, Pack(details)), trailers)
    {
    }

    /// <summary>Creates the exception (with an optional local cause) for a rich status whose code is <see cref="StatusCode.Unauthenticated"/>.</summary>
    public UnauthenticatedException(RichStatus richStatus, Metadata? trailers = null, Exception? innerException = null)
        : base(RequireCode(richStatus, StatusCode.Unauthenticated), trailers, message: null, innerException)
    {
    }
}
