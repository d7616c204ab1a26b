using Google.Protobuf;
using Grpc.Core;

namespace Faultline;

/// <summary>The entity that a client attempted to create already exists. Status code <c>AlreadyExists</c>.</summary>
public class AlreadyExistsException : GrpcException
{
    /// <summary>The message used when none is given.</summary>
    public const string DefaultMessage = "The entity that a client attempted to create already exists.";

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The status message; <see cref="DefaultMessage"/> when null.</param>
    /// <param name="details">Rich details (any protobuf messages, e.g. from google/rpc/error_details.proto).</param>
    /// <param name="trailers">Further trailers to send with the status.</param>
    public AlreadyExistsException(string? message = null, IEnumerable<IMessage>? details = null, Metadata? trailers = null)
        : base(new RichStatus(StatusCode.AlreadyExists, message ?? DefaultMessage, Pack(details)), trailers)
    {
    }

    /// <summary>Creates the exception (with an optional local cause) for a rich status whose code is <see cref="StatusCode.AlreadyExists"/>.</summary>
    /// <exception cref="ArgumentException">The status has another code.</exception>
    public AlreadyExistsException(RichStatus richStatus, Metadata? trailers = null, Exception? innerException = null)
        : base(RequireCode(richStatus, StatusCode.AlreadyExists), trailers, innerException)
    {
    }

    internal AlreadyExistsException(RichStatus richStatus, RpcException received)
        : base(richStatus, received)
    {
    }
}
