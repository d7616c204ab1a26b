using Grpc.Core;

namespace Faultline;

/// <summary>The <c>grpc-status-details-bin</c> trailer of a failed call is not a valid google.rpc.Status.</summary>
public sealed class MalformedStatusDetailsException : RichStatusException
{
    /// <summary>Creates the exception; <paramref name="parseError"/> becomes the inner exception.</summary>
    public MalformedStatusDetailsException(Status status, Metadata trailers, Exception parseError)
        : base(new Status(status.StatusCode, status.Detail, parseError), trailers, "The grpc-status-details-bin trailer is not a valid google.rpc.Status message: " + parseError.Message)
    {
    }
}
