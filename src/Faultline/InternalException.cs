using Google.Protobuf;
using Grpc.Core;

namespace Faultline;

/// <summary>Internal error: an invariant expected by the underlying system has been broken. Reserved for serious errors. Status code <c>Internal</c>.</summary>
public class InternalException : GrpcException
{
    /// <summary>The message used when none is given.</summary>
    public const string DefaultMessage = "Internal error.";

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The status message; <see cref="DefaultMessage"/> when null.</param>
    /// <param name="details">Rich details (any protobuf messages, e.g. from google/rpc/error_details.proto).</param>
    /// <param name="trailers">Further trailers to send with the status.</param>
    public InternalException(string? message = null, IEnumerable<IMessage>? details = null, Metadata? trailers = null)
        : base(new RichStatus(StatusCode.Internal, message ?? DefaultMessage, Pack(details)), trailers)
    {
    }

    /// <summary>Creates the exception (with an optional local cause) for a rich status whose code is <see cref="StatusCode.Internal"/>.</summary>
    /// <exception cref="ArgumentException">The status has another code.</exception>
    public InternalException(RichStatus richStatus, Metadata? trailers = null, Exception? innerException = null)
        : base(RequireCode(richStatus, StatusCode.Internal), trailers, innerException)
    {
    }

    internal InternalException(RichStatus richStatus, RpcException received)
        : base(richStatus, received)
    {
    }
}
