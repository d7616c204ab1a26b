using Google.Protobuf;
using Grpc.Core;

namespace Faultline;

/// <summary>The operation is not implemented or not supported/enabled in this service. Status code <c>Unimplemented</c>.</summary>
public class UnimplementedException : GrpcException
{
    /// <summary>The message used when none is given.</summary>
    public const string DefaultMessage = "The operation is not implemented or is not supported/enabled in this service.";

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The status message; <see cref="DefaultMessage"/> when null.</param>
    /// <param name="details">Rich details (any protobuf messages, e.g. from google/rpc/error_details.proto).</param>
    /// <param name="trailers">Further trailers to send with the status.</param>
    public UnimplementedException(string? message = null, IEnumerable<IMessage>? details = null, Metadata? trailers = null)
        : base(new RichStatus(StatusCode.Unimplemented, message ?? DefaultMessage, Pack(details)), trailers)
    {
    }

    /// <summary>Creates the exception (with an optional local cause) for a rich status whose code is <see cref="StatusCode.Unimplemented"/>.</summary>
    /// <exception cref="ArgumentException">The status has another code.</exception>
    public UnimplementedException(RichStatus richStatus, Metadata? trailers = null, Exception? innerException = null)
        : base(RequireCode(richStatus, StatusCode.Unimplemented), trailers, innerException)
    {
    }

    internal UnimplementedException(RichStatus richStatus, RpcException received)
        : base(richStatus, received)
    {
    }
}
