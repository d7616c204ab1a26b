using Google.Protobuf;
using Grpc.Core;

namespace Faultline;

/// <summary>The client specified an invalid argument, independent of the system's state (e.g. a malformed file name). Status code <c>InvalidArgument</c>.</summary>
public class InvalidArgumentException : GrpcException
{
    /// <summary>The message used when none is given.</summary>
    public const string DefaultMessage = "The client specified an invalid argument.";

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The status message; <see cref="DefaultMessage"/> when null.</param>
    /// <param name="details">Rich details (any protobuf messages, e.g. from google/rpc/error_details.proto).</param>
    /// <param name="trailers">Further trailers to send with the status.</param>
    public InvalidArgumentException(string? message = null, IEnumerable<IMessage>? details = null, Metadata? trailers = null)
        : base(new RichStatus(StatusCode.InvalidArgument, message ?? DefaultMessage, Pack(details)), trailers)
    {
    }

    /// <summary>Creates the exception (with an optional local cause) for a rich status whose code is <see cref="StatusCode.InvalidArgument"/>.</summary>
    /// <exception cref="ArgumentException">The status has another code.</exception>
    public InvalidArgumentException(RichStatus richStatus, Metadata? trailers = null, Exception? innerException = null)
        : base(RequireCode(richStatus, StatusCode.InvalidArgument), trailers, innerException)
    {
    }

    internal InvalidArgumentException(RichStatus richStatus, RpcException received)
        : base(richStatus, received)
    {
    }
}
