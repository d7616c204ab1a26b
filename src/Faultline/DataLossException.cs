using Google.Protobuf;
using Grpc.Core;

namespace Faultline;

/// <summary>Unrecoverable data loss or corruption. Status code <c>DataLoss</c>.</summary>
public class DataLossException : GrpcException
{
    /// <summary>The message used when none is given.</summary>
    public const string DefaultMessage = "Unrecoverable data loss or corruption.";

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The status message; <see cref="DefaultMessage"/> when null.</param>
    /// <param name="details">Rich details (any protobuf messages, e.g. from google/rpc/error_details.proto).</param>
    /// <param name="trailers">Further trailers to send with the status.</param>
    public DataLossException(string? message = null, IEnumerable<IMessage>? details = null, Metadata? trailers = null)
        : base(new RichStatus(StatusCode.DataLoss, message ?? DefaultMessage, Pack(details)), trailers)
    {
    }

    /// <summary>Creates the exception (with an optional local cause) for a rich status whose code is <see cref="StatusCode.DataLoss"/>.</summary>
    /// <exception cref="ArgumentException">The status has another code.</exception>
    public DataLossException(RichStatus richStatus, Metadata? trailers = null, Exception? innerException = null)
        : base(RequireCode(richStatus, StatusCode.DataLoss), trailers, innerException)
    {
    }

    internal DataLossException(RichStatus richStatus, RpcException received)
        : base(richStatus, received)
    {
    }
}
