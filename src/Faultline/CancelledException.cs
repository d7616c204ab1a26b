using Google.Protobuf;
using Grpc.Core;

namespace Faultline;

/// <summary>The operation was cancelled, typically by the caller. Status code <c>Cancelled</c>.</summary>
public class CancelledException : GrpcException
{
    /// <summary>The message used when none is given.</summary>
    public const string DefaultMessage = "The operation was cancelled.";

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The status message; <see cref="DefaultMessage"/> when null.</param>
    /// <param name="details">Rich details (any protobuf messages, e.g. from google/rpc/error_details.proto).</param>
    /// <param name="trailers">Further trailers to send with the status.</param>
    public CancelledException(string? message = null, IEnumerable<IMessage>? details = null, Metadata? trailers = null)
        : base(new RichStatus(StatusCode.Cancelled, message ?? DefaultMessage, Pack(details)), trailers)
    {
    }

    /// <summary>Creates the exception (with an optional local cause) for a rich status whose code is <see cref="StatusCode.Cancelled"/>.</summary>
    /// <exception cref="ArgumentException">The status has another code.</exception>
    public CancelledException(RichStatus richStatus, Metadata? trailers = null, Exception? innerException = null)
        : base(RequireCode(richStatus, StatusCode.Cancelled), trailers, innerException)
    {
    }

    internal CancelledException(RichStatus richStatus, RpcException received)
        : base(richStatus, received)
    {
    }
}
