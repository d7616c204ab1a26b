using System.Diagnostics.CodeAnalysis;
using Grpc.Core;

namespace Faultline.Client.Internal;

/// <summary>
/// Where a failed call's exception becomes the typed Faultline exception: an <see cref="RpcException"/>
/// becomes the <see cref="GrpcException"/> subclass of its code with the details decoded (leniently,
/// or strictly on request); the <see cref="OperationCanceledException"/> of a channel set to
/// <c>ThrowOperationCanceledOnCancellation</c> becomes a <see cref="GrpcCanceledException"/>; a
/// failure naming a registered domain error becomes that domain exception.
/// Anything else, and anything already translated, passes through.
/// </summary>
internal sealed class ClientExceptionTranslator
{
    private readonly bool _strict;
    private readonly DomainErrorCatalog[] _domainErrors;

    public ClientExceptionTranslator(FaultlineClientOptions options)
    {
        _strict = options.StrictStatusDetails;
        _domainErrors = [.. options.DomainErrors];
    }

    public bool TryTranslate(Exception exception, CallTranslation? call, [NotNullWhen(true)] out Exception? translated)
    {
        switch (exception)
        {
            case GrpcException or RichStatusException:
                translated = null;
                return false;

            case RpcException { StatusCode: not StatusCode.OK } rpc:
                translated = FromRpcException(rpc);
                translated = translated is GrpcException typed ? Restore(typed) : translated;
                return true;

            // grpc-dotnet throws these for a call that ended CANCELLED or DEADLINE_EXCEEDED; any other
            // pairing (another interceptor's doing) passes through as it is.
            case OperationCanceledException cancelled and not GrpcCanceledException
                when call is not null && call.TryGetOutcome(out var status, out var trailers) && status.StatusCode is StatusCode.Cancelled or StatusCode.DeadlineExceeded:
                translated = FromRpcException(new RpcException(status, trailers)) is GrpcException error
                    ? new GrpcCanceledException(error, cancelled.CancellationToken)
                    : cancelled;
                return !ReferenceEquals(translated, cancelled);

            default:
                translated = null;
                return false;
        }
    }

    // The failed task is read, not awaited into a throw: the caller's exception is then thrown once.
    public async Task<T> Translate<T>(Task<T> task, CallTranslation call)
    {
        await ((Task)task).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (!task.IsCompletedSuccessfully)
        {
            ThrowTranslated(task, call);
        }

        return task.Result;
    }

    public async Task Translate(Task task, CallTranslation call)
    {
        await task.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (!task.IsCompletedSuccessfully)
        {
            ThrowTranslated(task, call);
        }
    }

    [DoesNotReturn]
    private void ThrowTranslated(Task failed, CallTranslation call)
    {
        var exception = failed.Exception?.InnerException ?? new TaskCanceledException(failed);
        if (TryTranslate(exception, call, out var translated))
        {
            throw translated;
        }

        System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(exception);
    }

    // Only a registered (domain, reason) pair becomes a domain exception; a catalog whose rebuild
    // function throws leaves the typed exception as it is.
    private Exception Restore(GrpcException error)
    {
        if (_domainErrors.Length == 0 || error.ErrorInfo is null)
        {
            return error;
        }

        foreach (var catalog in _domainErrors)
        {
            try
            {
                if (catalog.TryRestore(error, out var restored))
                {
                    return restored;
                }
            }
            catch (Exception)
            {
                return error;
            }
        }

        return error;
    }

    private Exception FromRpcException(RpcException exception)
    {
        if (!_strict)
        {
            return GrpcException.FromRpcException(exception);
        }

        try
        {
            var status = StatusDetailsReader.ReadStrict(exception) ?? new RichStatus(exception.StatusCode, exception.Status.Detail);
            return GrpcException.CreateRemote(status, exception);
        }
        catch (RichStatusException strictFailure)
        {
            return strictFailure;
        }
    }
}
