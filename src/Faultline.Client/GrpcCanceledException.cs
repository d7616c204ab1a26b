using Grpc.Core;

namespace Faultline.Client;

/// <summary>
/// What the Faultline client pipeline throws in place of the <see cref="OperationCanceledException"/>
/// of a channel set to <c>ThrowOperationCanceledOnCancellation</c>: still an
/// <see cref="OperationCanceledException"/> (with the same token), so cancellation handling is
/// unchanged, and it carries the typed status of the call (<see cref="CancelledException"/> or
/// <see cref="DeadlineExceededException"/>, with any details the server sent) as <see cref="Error"/>.
/// </summary>
public sealed class GrpcCanceledException : OperationCanceledException
{
    /// <summary>Creates the exception.</summary>
    public GrpcCanceledException(GrpcException error, CancellationToken cancellationToken)
        : base(error?.Status.Detail is { Length: > 0 } detail ? detail : "The call was cancelled.", error, cancellationToken)
    {
        Error = error ?? throw new ArgumentNullException(nameof(error));
    }

    /// <summary>The call's status as a typed exception.</summary>
    public GrpcException Error { get; }

    /// <summary>The call's status code (Cancelled or DeadlineExceeded).</summary>
    public StatusCode StatusCode => Error.StatusCode;
}
