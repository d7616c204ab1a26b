namespace Faultline.Server.Internal;

/// <summary>
/// Turns whatever ended a call abnormally into the status the client sees. This is the single place
/// where exceptions (the method's own, and failures of framing, decompression and deserialization,
/// which surface as <see cref="GrpcException"/>) become statuses.
/// </summary>
internal static class ExceptionStatusMapper
{
    private static readonly RichStatus ClientCancelledStatus = new(StatusCode.Cancelled, "Call cancelled by the client.");
    private static readonly RichStatus DeadlineExceededStatus = new(StatusCode.DeadlineExceeded, "Deadline Exceeded");
    private static readonly RichStatus UnknownStatus = new(StatusCode.Unknown, "Exception was thrown by handler.");

    public static RichStatus Map(HttpServerCallContext call, Exception exception)
    {
        var logger = call.Services.Logger;
        switch (exception)
        {
            case GrpcException grpc:
                foreach (var entry in grpc.Trailers)
                {
                    call.ResponseTrailers.Add(entry);
                }

                ServerLog.ErrorStatus(logger, call.Method, grpc.StatusCode, grpc.Status.Message);
                return grpc.RichStatus;

            case OperationCanceledException cancelled when call.HttpContext.RequestAborted.IsCancellationRequested || cancelled.CancellationToken == call.HttpContext.RequestAborted:
                ServerLog.CallCancelled(logger, call.Method);
                return ClientCancelledStatus;

            case OperationCanceledException or InvalidOperationException when call.IsComplete:
                // The deadline ended the call while the method was still running; its status is already sent.
                return DeadlineExceededStatus;

            default:
                ServerLog.UnhandledException(logger, call.Method, exception);
                if (!call.Services.Options.EnableDetailedErrors)
                {
                    return UnknownStatus;
                }

                return RichStatus.Create(StatusCode.Unknown, $"{UnknownStatus.Message} {exception.GetType().Name}: {exception.Message}")
                    .AddDebugInfo(exception)
                    .Build();
        }
    }
}
