using System.Diagnostics.CodeAnalysis;
using Grpc.Core;

namespace Faultline.Client.Internal;

/// <summary>
/// Where a failed call's exception becomes the typed Faultline exception: an <see cref="RpcException"/>
/// becomes the <see cref="GrpcException"/> subclass of its code with the details decoded (leniently,
/// or strictly on request); the <see cref="OperationCanceledException"/> of a channel set to
/// <c>ThrowOperationCanceledOnCancellation</c> becomes a <see cref="GrpcCanceledException"/>.
/// Anything else, and anything already translated, passes through.
/// </summary>
internal sealed class ClientExceptionTranslator
{
    private readonly bool _strict;

    public ClientExceptionTranslator(FaultlineClientOptions options) => _strict = options.StrictStatusDetails;

    public bool TryTranslate(Exception exception, CallTranslation? call, [NotNullWhen(true)] out Exception? translated)
    {
        switch (exception)
        {
            case GrpcException or RichStatusException:
                translated = null;
                return false;

            case RpcException { StatusCode: not StatusCode.OK } rpc:
                translated = FromRpcException(rpc);
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

    public async Task<T> Translate<T>(Task<T> task, CallTranslation call)
    {
        try
        {
            return await task.ConfigureAwait(false);
        }
        catch (Exception ex) when (TryTranslate(ex, call, out var translated))
        {
            throw translated;
        }
    }

    public async Task Translate(Task task, CallTranslation call)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception ex) when (TryTranslate(ex, call, out var translated))
        {
            throw translated;
        }
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
