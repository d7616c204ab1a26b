using Google.Protobuf;
using Grpc.Core;

namespace Faultline;

/// <summary>The caller does not have permission to execute the operation (not for an exhausted resource, nor for an unidentified caller). Status code <c>PermissionDenied</c>.</summary>
public class PermissionDeniedException : GrpcException
{
    /// <summary>The message used when none is given.</summary>
    public const string DefaultMessage = "The caller does not have permission to execute the specified operation.";

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The status message; <see cref="DefaultMessage"/> when null.</param>
    /// <param name="details">Rich details (any protobuf messages, e.g. from google/rpc/error_details.proto).</param>
    /// <param name="trailers">Further trailers to send with the status.</param>
    public PermissionDeniedException(string? message = null, IEnumerable<IMessage>? details = null, Metadata? trailers = null)
        : base(new RichStatus(StatusCode.PermissionDenied, message ?? DefaultMessage, Pack(details)), trailers)
    {
    }

    /// <summary>Creates the exception (with an optional local cause) for a rich status whose code is <see cref="StatusCode.PermissionDenied"/>.</summary>
    /// <exception cref="ArgumentException">The status has another code.</exception>
    public PermissionDeniedException(RichStatus richStatus, Metadata? trailers = null, Exception? innerException = null)
        : base(RequireCode(richStatus, StatusCode.PermissionDenied), trailers, innerException)
    {
    }

    internal PermissionDeniedException(RichStatus richStatus, RpcException received)
        : base(richStatus, received)
    {
    }
}
