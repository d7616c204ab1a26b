using Google.Protobuf;
using Grpc.Core;

namespace Faultline;

/// <summary>Some requested entity (e.g. a file or directory) was not found. Status code <c>NotFound</c>.</summary>
public class NotFoundException : GrpcException
{
    /// <summary>The message used when none is given.</summary>
    public const string DefaultMessage = "Some requested entity was not found.";

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The status message; <see cref="DefaultMessage"/> when null.</param>
    /// <param name="details">Rich details (any protobuf messages, e.g. from google/rpc/error_details.proto).</param>
    /// <param name="trailers">Further trailers to send with the status.</param>
    public NotFoundException(string? message = null, IEnumerable<IMessage>? details = null, Metadata? trailers = null)
        : base(new RichStatus(StatusCode.NotFound, message ?? DefaultMessage, Pack(details)), trailers)
    {
    }

    /// <summary>Creates the exception (with an optional local cause) for a rich status whose code is <see cref="StatusCode.NotFound"/>.</summary>
    /// <exception cref="ArgumentException">The status has another code.</exception>
    public NotFoundException(RichStatus richStatus, Metadata? trailers = null, Exception? innerException = null)
        : base(RequireCode(richStatus, StatusCode.NotFound), trailers, innerException)
    {
    }

    internal NotFoundException(RichStatus richStatus, RpcException received)
        : base(richStatus, received)
    {
    }
}
