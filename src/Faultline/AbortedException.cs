using Google.Protobuf;
using Grpc.Core;

namespace Faultline;

/// <summary>The operation was aborted, typically due to a concurrency issue such as a transaction abort; retry at a higher level. Status code <c>Aborted</c>.</summary>
public class AbortedException : GrpcException
{
    /// <summary>The message used when none is given.</summary>
    public const string DefaultMessage = "The operation was aborted.";

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The status message; <see cref="DefaultMessage"/> when null.</param>
    /// <param name="details">Rich details (any protobuf messages, e.g. from google/rpc/error_details.proto).</param>
    /// <param name="trailers">Further trailers to send with the status.</param>
    public AbortedException(string? message = null, IEnumerable<IMessage>? details = null, Metadata? trailers = null)
        : base(new RichStatus(StatusCode.Aborted, message ?? DefaultMessage, Pack(details)), trailers)
    {
    }

    /// <summary>Creates the exception (with an optional local cause) for a rich status whose code is <see cref="StatusCode.Aborted"/>.</summary>
    /// <exception cref="ArgumentException">The status has another code.</exception>
    public AbortedException(RichStatus richStatus, Metadata? trailers = null, Exception? innerException = null)
        : base(RequireCode(richStatus, StatusCode.Aborted), trailers, innerException)
    {
    }

    internal AbortedException(RichStatus richStatus, RpcException received)
        : base(richStatus, received)
    {
    }
}
