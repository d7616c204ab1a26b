using Google.Protobuf;
using Grpc.Core;

namespace Faultline;

/// <summary>Unknown error, e.g. a status from an unknown error space or an error that carried too little information. Status code <c>Unknown</c>.</summary>
public class UnknownException : GrpcException
{
    /// <summary>The message used when none is given.</summary>
    public const string DefaultMessage = "Unknown error.";

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The status message; <see cref="DefaultMessage"/> when null.</param>
    /// <param name="details">Rich details (any protobuf messages, e.g. from google/rpc/error_details.proto).</param>
    /// <param name="trailers">Further trailers to send with the status.</param>
    public UnknownException(string? message = null, IEnumerable<IMessage>? details = null, Metadata? trailers = null)
        : base(new RichStatus(StatusCode.Unknown, message ?? DefaultMessage, Pack(details)), trailers)
    {
    }

    /// <summary>Creates the exception (with an optional local cause) for a rich status whose code is <see cref="StatusCode.Unknown"/>.</summary>
    /// <exception cref="ArgumentException">The status has another code.</exception>
    public UnknownException(RichStatus richStatus, Metadata? trailers = null, Exception? innerException = null)
        : base(RequireCode(richStatus, StatusCode.Unknown), trailers, innerException)
    {
    }

    internal UnknownException(RichStatus richStatus, RpcException received)
        : base(richStatus, received)
    {
    }
}
