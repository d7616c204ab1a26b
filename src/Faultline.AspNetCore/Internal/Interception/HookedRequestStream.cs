using Grpc.Core;

namespace Faultline.AspNetCore.Internal.Interception;

/// <summary>A request stream whose messages pass through an interceptor's <see cref="ServerInterceptor.OnRequestMessage"/>.</summary>
internal sealed class HookedRequestStream<TRequest>(IAsyncStreamReader<TRequest> inner, ServerInterceptor interceptor, ServerCall call) : IAsyncStreamReader<TRequest>
    where TRequest : class
{
    public TRequest Current { get; private set; } = null!;

    public async Task<bool> MoveNext(CancellationToken cancellationToken)
    {
        if (!await inner.MoveNext(cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        Current = MessageCast.To<TRequest>(interceptor.OnRequestMessage(call, inner.Current), interceptor, call);
        return true;
    }
}
