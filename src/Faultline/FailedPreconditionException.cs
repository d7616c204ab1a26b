using Google.Protobuf;
using Grpc.Core;

namespace Faultline;

/// <summary>The system is not in a state required for the operation; the client should not retry until the state has been fixed. Status code <c>FailedPrecondition</c>.</summary>
public class FailedPreconditionException : GrpcException
{
    /// <summary>The message used when none is given.</summary>
    public const string DefaultMessage = "The operation was rejected because the system is not in a state required for its execution.";

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The status message; <see cref="DefaultMessage"/> when null.</param>
    /// <param name="details">Rich details (any protobuf messages, e.g. from google/rpc/error_details.proto).</param>
    /// <param name="trailers">Further trailers to send with the status.</param>
    public FailedPreconditionException(string? message = null, IEnumerable<IMessage>? details = null, Metadata? trailers = null)
        : base(new RichStatus(StatusCode.FailedPrecondition, message ?? DefaultMessage, Pack(details)), trailers)
    {
    }

    /// <summary>Creates the exception (with an optional local cause) for a rich status whose code is <see cref="StatusCode.FailedPrecondition"/>.</summary>
    /// <exception cref="ArgumentException">The status has another code.</exception>
    public FailedPreconditionException(RichStatus richStatus, Metadata? trailers = null, Exception? innerException = null)
        : base(RequireCode(richStatus, StatusCode.FailedPrecondition), trailers, innerException)
    {
    }

    internal FailedPreconditionException(RichStatus richStatus, RpcException received)
        : base(richStatus, received)
    {
    }
}
