namespace Faultline.Client.Internal;

/// <summary>The fixed statuses a client call can end with, gathered so each message is easy to find and test.</summary>
internal static class CallStatuses
{
    public static readonly Status DeadlineExceeded = new(StatusCode.DeadlineExceeded, "Deadline Exceeded");

    public static readonly Status CancelledByToken = new(StatusCode.Cancelled, "The call was cancelled by its CancellationToken.");

    public static readonly Status CancelledByReadToken = new(StatusCode.Cancelled, "The call was cancelled by the CancellationToken of a response stream read.");

    public static readonly Status CancelledByWriteToken = new(StatusCode.Cancelled, "The call was cancelled by the CancellationToken of a request stream write.");

    public static readonly Status Disposed = new(StatusCode.Cancelled, "The call was disposed before it ended.");

    public static readonly Status NoResponseMessage = new(StatusCode.Internal, "The server ended the call with OK but sent no response message.");

    public static readonly Status MissingStatus = new(StatusCode.Cancelled, "The response ended without a grpc-status: neither the headers nor the trailers carried one.");
}
