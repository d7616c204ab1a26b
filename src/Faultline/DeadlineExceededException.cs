using Google.Protobuf;
using Grpc.Core;

namespace Faultline;

/// <summary>The deadline expired before the operation could complete. An operation that changes state may have completed anyway. Status code <c>DeadlineExceeded</c>.</summary>
public class DeadlineExceededException : GrpcException
{
    /// <summary>The message used when none is given.</summary>
    public const string DefaultMessage = "The deadline expired before the operation could complete.";

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The status message; <see cref="DefaultMessage"/> when null.</param>
    /// <param name="details">Rich details (any protobuf messages, e.g. from google/rpc/error_details.proto).</param>
    /// <param name="trailers">Further trailers to send with the status.</param>
    public DeadlineExceededException(string? message = null, IEnumerable<IMessage>? details = null, Metadata? trailers = null)
        : base(new RichStatus(StatusCode.DeadlineExceeded, message ?? DefaultMessage, Pack(details)), trailers)
    {
    }

    /// <summary>Creates the exception (with an optional local cause) for a rich status whose code is <see cref="StatusCode.DeadlineExceeded"/>.</summary>
    /// <exception cref="ArgumentException">The status has another code.</exception>
    public DeadlineExceededException(RichStatus richStatus, Metadata? trailers = null, Exception? innerException = null)
        : base(RequireCode(richStatus, StatusCode.DeadlineExceeded), trailers, innerException)
    {
    }

    internal DeadlineExceededException(RichStatus richStatus, RpcException received)
        : base(richStatus, received)
    {
    }
}
