using Google.Protobuf;
using Grpc.Core;

namespace Faultline;

/// <summary>The operation was attempted past the valid range, e.g. reading past the end of a file. Status code <c>OutOfRange</c>.</summary>
public class OutOfRangeException : GrpcException
{
    /// <summary>The message used when none is given.</summary>
    public const string DefaultMessage = "The operation was attempted past the valid range.";

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The status message; <see cref="DefaultMessage"/> when null.</param>
    /// <param name="details">Rich details (any protobuf messages, e.g. from google/rpc/error_details.proto).</param>
    /// <param name="trailers">Further trailers to send with the status.</param>
    public OutOfRangeException(string? message = null, IEnumerable<IMessage>? details = null, Metadata? trailers = null)
        : base(new RichStatus(StatusCode.OutOfRange, message ?? DefaultMessage, Pack(details)), trailers)
    {
    }

    /// <summary>Creates the exception (with an optional local cause) for a rich status whose code is <see cref="StatusCode.OutOfRange"/>.</summary>
    /// <exception cref="ArgumentException">The status has another code.</exception>
    public OutOfRangeException(RichStatus richStatus, Metadata? trailers = null, Exception? innerException = null)
        : base(RequireCode(richStatus, StatusCode.OutOfRange), trailers, innerException)
    {
    }

    internal OutOfRangeException(RichStatus richStatus, RpcException received)
        : base(richStatus, received)
    {
    }
}
