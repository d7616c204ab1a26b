using Grpc.Core;

namespace Faultline;

/// <summary>
/// The google.rpc.Status in <c>grpc-status-details-bin</c> disagrees with the call's
/// <c>grpc-status</c> or <c>grpc-message</c>, which grpcio-status's <c>from_call</c> also refuses.
/// </summary>
public sealed class RichStatusMismatchException : RichStatusException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="status">The call's status.</param>
    /// <param name="trailers">The call's trailers.</param>
    /// <param name="detailsStatus">What the details trailer says instead.</param>
    /// <param name="message">What disagrees.</param>
    public RichStatusMismatchException(Status status, Metadata trailers, RichStatus detailsStatus, string message)
        : base(status, trailers, message)
    {
        DetailsStatus = detailsStatus;
    }

    /// <summary>The status as the details trailer has it.</summary>
    public RichStatus DetailsStatus { get; }
}
