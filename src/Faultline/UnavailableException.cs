using Google.Protobuf;
using Grpc.Core;

namespace Faultline;

/// <summary>The service is currently unavailable; most likely transient, retry with backoff (non-idempotent operations are not always safe to retry). Status code <c>Unavailable</c>.</summary>
public class UnavailableException : GrpcException
{
    /// <summary>The message used when none is given.</summary>
    public const string DefaultMessage = "The service is currently unavailable.";

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The status message; <see cref="DefaultMessage"/> when null.</param>
    /// <param name="details">Rich details (any protobuf messages, e.g. from google/rpc/error_details.proto).</param>
    /// <param name="trailers">Further trailers to send with the status.</param>
    public UnavailableException(string? message = null, IEnumerable<IMessage>? details = null, Metadata? trailers = null)
        : base(new RichStatus(StatusCode.Unavailable, message ?? DefaultMessage, Pack(details)), trailers)
    {
    }

    /// <summary>Creates the exception (with an optional local cause) for a rich status whose code is <see cref="StatusCode.Unavailable"/>.</summary>
    /// <exception cref="ArgumentException">The status has another code.</exception>
    public UnavailableException(RichStatus richStatus, Metadata? trailers = null, Exception? innerException = null)
        : base(RequireCode(richStatus, StatusCode.Unavailable), trailers, innerException)
    {
    }

    internal UnavailableException(RichStatus richStatus, RpcException received)
        : base(richStatus, received)
    {
    }
}
