using Grpc.Core;

namespace Faultline.Client.Internal.Interception;

/// <summary>
/// The response stream the caller of an intercepted server-streaming or duplex call reads: once the
/// interceptor has finished (the call committed to an attempt), the last attempt's stream, from the
/// message the next step read first; before that, a read waits, and fails as the interceptor failed.
/// </summary>
internal sealed class InterceptedResponseStream<TResponse>(InterceptedCall call) : IAsyncStreamReader<TResponse>
{
    private StreamingAttempt<TResponse>? _attempt;

    public TResponse Current => _attempt is { } attempt ? attempt.Current : default!;

    public Task<bool> MoveNext(CancellationToken cancellationToken) =>
        _attempt is { } attempt ? attempt.MoveNext(cancellationToken) : FirstMoveNextAsync(cancellationToken);

    private async Task<bool> FirstMoveNextAsync(CancellationToken cancellationToken)
    {
        await call.Outcome.WaitAsync(cancellationToken).ConfigureAwait(false);
        _attempt = (StreamingAttempt<TResponse>)call.Current!;
        return await _attempt.MoveNext(cancellationToken).ConfigureAwait(false);
    }
}
