using Faultline.Internal.Wire;
using Grpc.Core;

namespace Faultline.AspNetCore.Internal;

/// <summary>
/// Where an exception becomes a status. A Faultline exception or any <see cref="RpcException"/> keeps
/// its status and details; a remote (relayed) one keeps them but not the downstream's trailers; a
/// cancellation stays a cancellation; anything else becomes a generic failure whose text and
/// DebugInfo reach the client only with detailed errors on.
/// </summary>
internal static class ExceptionStatusMapper
{
    /// <summary>The message of an unexpected exception's status, as grpc-dotnet words it.</summary>
    public const string UnexpectedExceptionMessage = "Exception was thrown by handler.";

    private static readonly RichStatus CancelledStatus = new(StatusCode.Cancelled, "The call was cancelled.");

    private static readonly TimeSpan ClientResetGrace = TimeSpan.FromMilliseconds(100);

    public static ServerFailure Map(ServerCallContext context, Exception exception, StatusCode unexpectedCode, bool detailedErrors)
    {
        var contextTrailers = ApplicationTrailers(context.ResponseTrailers);
        switch (exception)
        {
            case GrpcException { IsRemote: true } relayed:
                return new ServerFailure(relayed.RichStatus, WriteDetails: true, contextTrailers, relayed.Status.DebugException, FailureKind.Relayed, relayed);

            case GrpcException local:
                var ownTrailers = local.LocalEncoding?.ApplicationTrailers ?? ApplicationTrailers(local.Trailers);
                return new ServerFailure(local.RichStatus, WriteDetails: true, [.. contextTrailers, .. ownTrailers], local.Status.DebugException, FailureKind.Expected, local, local.LocalEncoding, EarlierIsComplete: contextTrailers.Count == 0);

            case RpcException rpc:
                var (status, hasDetails) = ReadStatus(rpc.Status, rpc.Trailers);
                return new ServerFailure(status, hasDetails, [.. contextTrailers, .. ApplicationTrailers(rpc.Trailers)], rpc.Status.DebugException, FailureKind.Expected, rpc);

            case OperationCanceledException when context.CancellationToken.IsCancellationRequested:
            case IOException when IsCancelledByTheClient(context):
                return new ServerFailure(CancelledStatus, WriteDetails: true, contextTrailers, exception, FailureKind.Cancelled, exception);

            default:
                return new ServerFailure(Unexpected(exception, unexpectedCode, detailedErrors), WriteDetails: true, contextTrailers, exception, FailureKind.Unexpected, exception);
        }
    }

    /// <summary>
    /// A status the handler set on the context (or with Grpc.StatusProto's trailer) without throwing;
    /// its details, when it has any, come from the details trailer already in <paramref name="trailers"/>.
    /// </summary>
    public static ServerFailure FromSetStatus(Status status, Metadata trailers)
    {
        var (rich, hasDetails) = ReadStatus(status, trailers);
        return new ServerFailure(rich, hasDetails, ApplicationTrailers(trailers), status.DebugException, FailureKind.Expected);
    }

    // When a client resets the stream, Kestrel fails the pending request read at once and cancels the
    // call's token a moment later, from the thread pool. So an IOException waits briefly for that
    // cancellation before it counts as the handler's own failure (a rare, genuine I/O error then
    // costs this wait; a reset is never logged as an error).
    private static bool IsCancelledByTheClient(ServerCallContext context) =>
        context.CancellationToken.IsCancellationRequested
        || SpinWait.SpinUntil(() => context.CancellationToken.IsCancellationRequested, ClientResetGrace);

    private static RichStatus Unexpected(Exception exception, StatusCode code, bool detailedErrors)
    {
        if (!detailedErrors)
        {
            return new RichStatus(code, UnexpectedExceptionMessage);
        }

        return RichStatus.Create(code, $"{UnexpectedExceptionMessage} {exception.GetType().Name}: {exception.Message}")
            .AddDebugInfo(exception)
            .Build();
    }

    // Code and message always come from the status itself, so the details trailer written from this
    // status agrees with grpc-status and grpc-message even when the application's trailer did not.
    private static (RichStatus Status, bool HasDetails) ReadStatus(Status status, Metadata trailers)
    {
        if (trailers.Get(StatusHeaderNames.StatusDetails) is { IsBinary: true } entry && RichStatus.TryFromTrailerBytes(entry.ValueBytes, out var parsed))
        {
            return (new RichStatus(status.StatusCode, status.Detail, parsed.Details), true);
        }

        return (new RichStatus(status.StatusCode, status.Detail), false);
    }

    /// <summary>The entries of <paramref name="trailers"/> other than those Faultline writes itself.</summary>
    public static List<Metadata.Entry> ApplicationTrailers(Metadata trailers)
    {
        var result = new List<Metadata.Entry>(trailers.Count);
        foreach (var entry in trailers)
        {
            if (!StatusHeaderNames.IsOwnedByFaultline(entry.Key))
            {
                result.Add(entry);
            }
        }

        return result;
    }
}
