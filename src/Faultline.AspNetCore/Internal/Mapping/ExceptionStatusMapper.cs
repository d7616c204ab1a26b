using Faultline.Internal.Wire;
using Grpc.Core;

namespace Faultline.AspNetCore.Internal.Mapping;

/// <summary>
/// Where an exception becomes a status. A Faultline exception or any <see cref="RpcException"/> keeps
/// its status and details; a remote (relayed) one keeps them but not the downstream's trailers; a
/// cancellation stays a cancellation; a failure status the handler set first wins; then the
/// service's <see cref="ExceptionMappings"/> (handlers, then types); anything else becomes a generic
/// failure. Exception text and DebugInfo reach the client only with detailed errors on.
/// </summary>
internal static class ExceptionStatusMapper
{
    /// <summary>The message of an unexpected exception's status, as grpc-dotnet words it.</summary>
    public const string UnexpectedExceptionMessage = "Exception was thrown by handler.";

    private static readonly RichStatus CancelledStatus = new(StatusCode.Cancelled, "The call was cancelled.");

    private static readonly TimeSpan ClientResetGrace = TimeSpan.FromMilliseconds(100);

    public static ServerFailure Map(ServerCallContext context, Exception exception, ExceptionMappings mappings, StatusCode unexpectedCode, bool detailedErrors)
    {
        var contextTrailers = ApplicationTrailers(context.ResponseTrailers);
        switch (exception)
        {
            case GrpcException { IsRemote: true } relayed:
                return Relayed(relayed, relayed, contextTrailers, detailedErrors);

            case GrpcException local:
                var ownTrailers = local.LocalEncoding?.ApplicationTrailers ?? ApplicationTrailers(local.Trailers);
                return new ServerFailure(local.RichStatus, WriteDetails: true, [.. contextTrailers, .. ownTrailers], local.Status.DebugException, FailureKind.Expected, local, local.LocalEncoding, EarlierIsComplete: contextTrailers.Count == 0);

            case RpcException rpc:
                var (status, hasDetails) = ReadStatus(rpc.Status, rpc.Trailers);
                return new ServerFailure(status, hasDetails, [.. contextTrailers, .. ApplicationTrailers(rpc.Trailers)], rpc.Status.DebugException, FailureKind.Expected, rpc);

            case OperationCanceledException when context.CancellationToken.IsCancellationRequested:
            case IOException when IsCancelledByTheClient(context):
                return new ServerFailure(CancelledStatus, WriteDetails: true, contextTrailers, exception, FailureKind.Cancelled, exception);

            case var _ when exception.GetRemoteError() is { } origin:
                return Relayed(origin, exception, contextTrailers, detailedErrors);

            case var _ when context.Status.StatusCode != StatusCode.OK:
                // The seeds' rule: a status the handler set explicitly wins over any mapping.
                return FromSetStatus(context.Status, context.ResponseTrailers) with { Exception = exception };

            default:
                return MapByRegistry(context, exception, mappings, contextTrailers, unexpectedCode, detailedErrors);
        }
    }

    private static ServerFailure MapByRegistry(ServerCallContext context, Exception exception, ExceptionMappings mappings, List<Metadata.Entry> trailers, StatusCode unexpectedCode, bool detailedErrors)
    {
        RichStatus? status;
        try
        {
            status = FromHandlers(context, exception, mappings) ?? FromDomainErrors(exception, mappings) ?? FromTypeMapping(context, exception, mappings, detailedErrors);
        }
        catch (Exception mappingError)
        {
            return new ServerFailure(Unexpected(exception, unexpectedCode, detailedErrors), WriteDetails: true, trailers, exception, FailureKind.Unexpected, exception, MappingError: mappingError);
        }

        if (status is null)
        {
            return new ServerFailure(Unexpected(exception, unexpectedCode, detailedErrors), WriteDetails: true, trailers, exception, FailureKind.Unexpected, exception);
        }

        var kind = exception is RequestDeserializationException ? FailureKind.MalformedRequest : FailureKind.Expected;
        return new ServerFailure(status, WriteDetails: true, trailers, exception, kind, exception);
    }

    private static RichStatus? FromHandlers(ServerCallContext context, Exception exception, ExceptionMappings mappings)
    {
        foreach (var handler in mappings.Handlers)
        {
            if (handler(exception, context) is { } status)
            {
                return RequireFailure(status, "An ExceptionMappings.Handle delegate");
            }
        }

        return null;
    }

    private static RichStatus? FromDomainErrors(Exception exception, ExceptionMappings mappings)
    {
        foreach (var catalog in mappings.DomainErrors)
        {
            if (catalog.TryDescribe(exception, out var status))
            {
                return status;
            }
        }

        return null;
    }

    // A downstream failure is sent on with its status and details, never the downstream's trailers.
    // One the downstream client made up itself (no server answered: its message names hosts and
    // sockets) keeps only its code, unless detailed errors are on.
    private static ServerFailure Relayed(GrpcException origin, Exception thrown, List<Metadata.Entry> trailers, bool detailedErrors)
    {
        var status = origin.Status.DebugException is not null && !detailedErrors
            ? new RichStatus(origin.StatusCode, GrpcException.GetDefaultMessage(origin.StatusCode))
            : origin.RichStatus;
        return new ServerFailure(status, WriteDetails: true, trailers, origin.Status.DebugException, FailureKind.Relayed, thrown);
    }

    private static RichStatus? FromTypeMapping(ServerCallContext context, Exception exception, ExceptionMappings mappings, bool detailedErrors)
    {
        if (mappings.Find(exception.GetType()) is not { } mapping)
        {
            return null;
        }

        if (mapping.Code is not { } code)
        {
            return RequireFailure(mapping.Build(exception, context) ?? throw new InvalidOperationException($"The mapping of {exception.GetType().Name} returned no status."), $"The mapping of {exception.GetType().Name}");
        }

        var status = mapping.Build(exception, context) ?? new RichStatus(code, GrpcException.GetDefaultMessage(code));
        return detailedErrors ? WithExceptionText(status, exception) : status;
    }

    private static RichStatus RequireFailure(RichStatus status, string source) =>
        status.Code == StatusCode.OK ? throw new InvalidOperationException($"{source} returned an OK status for an exception; it must return a failure status or null.") : status;

    private static RichStatus WithExceptionText(RichStatus status, Exception exception)
    {
        var debugInfo = RichStatus.Create(status.Code, null).AddDebugInfo(exception).Build().Details;
        return new RichStatus(status.Code, $"{status.Message} {exception.GetType().Name}: {exception.Message}", [.. status.Details, .. debugInfo]);
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
