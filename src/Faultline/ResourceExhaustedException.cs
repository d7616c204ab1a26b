using Google.Protobuf;
using Grpc.Core;

namespace Faultline;

/// <summary>Some resource has been exhausted, e.g. a per-user quota or the file system's space. Status code <c>ResourceExhausted</c>.</summary>
public class ResourceExhaustedException : GrpcException
{
    /// <summary>The message used when none is given.</summary>
    public const string DefaultMessage = "Some resource has been exhausted.";

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The status message; <see cref="DefaultMessage"/> when null.</param>
    /// <param name="details">Rich details (any protobuf messages, e.g. from google/rpc/error_details.proto).</param>
    /// <param name="trailers">Further trailers to send with the status.</param>
    public ResourceExhaustedException(string? message = null, IEnumerable<IMessage>? details = null, Metadata? trailers = null)
        : base(new RichStatus(StatusCode.ResourceExhausted, message ?? DefaultMessage, Pack(details)), trailers)
    {
    }

    /// <summary>Creates the exception (with an optional local cause) for a rich status whose code is <see cref="StatusCode.ResourceExhausted"/>.</summary>
    /// <exception cref="ArgumentException">The status has another code.</exception>
    public ResourceExhaustedException(RichStatus richStatus, Metadata? trailers = null, Exception? innerException = null)
        : base(RequireCode(richStatus, StatusCode.ResourceExhausted), trailers, innerException)
    {
    }

    internal ResourceExhaustedException(RichStatus richStatus, RpcException received)
        : base(richStatus, received)
    {
    }
}
