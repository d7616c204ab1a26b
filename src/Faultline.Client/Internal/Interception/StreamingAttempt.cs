using Grpc.Core;

namespace Faultline.Client.Internal.Interception;

/// <summary>
/// An attempt with a response stream (server streaming, duplex). The next step reads its first
/// message itself (<see cref="CommitAsync"/>), so that a failure before it is the interceptor's to
/// handle; the caller's reads then start with that message and go on from the stream. Its end (the
/// stream ending, or failing) is reported where it is seen.
/// </summary>
internal abstract class StreamingAttempt<TResponse>(ClientCall call) : CallAttempt(call)
{
    private static readonly Task<bool> True = Task.FromResult(true);
    private static readonly Task<bool> False = Task.FromResult(false);

    private Task<bool>? _first;

    public TResponse Current => Responses.Current;

    protected abstract IAsyncStreamReader<TResponse> Responses { get; }

    /// <summary>Waits for the first message or the end of the stream; throws what the stream failed with before either.</summary>
    public async Task CommitAsync()
    {
        bool any;
        try
        {
            // The call's own cancellation (its token, deadline, Dispose) ends this read; no token of its own.
            any = await Responses.MoveNext(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            EndWith(ex);
            throw;
        }

        if (!any)
        {
            EndOk();
        }

        _first = any ? True : False;
    }

    /// <summary>The caller's read: the message <see cref="CommitAsync"/> read first, then the stream's next ones.</summary>
    public Task<bool> MoveNext(CancellationToken cancellationToken)
    {
        if (_first is { } first)
        {
            _first = null;
            return first;
        }

        Task<bool> next;
        try
        {
            next = Responses.MoveNext(cancellationToken);
        }
        catch (Exception ex)
        {
            EndWith(ex);
            throw;
        }

        if (next.IsCompletedSuccessfully)
        {
            if (!next.Result)
            {
                EndOk();
            }

            return next;
        }

        return ObserveAsync(next);
    }

    private async Task<bool> ObserveAsync(Task<bool> next)
    {
        try
        {
            if (await next.ConfigureAwait(false))
            {
                return true;
            }
        }
        catch (Exception ex)
        {
            EndWith(ex);
            throw;
        }

        EndOk();
        return false;
    }
}
