using Grpc.Core;

namespace Faultline.AspNetCore.Internal.Interception;

/// <summary>A response stream whose messages pass through an interceptor's <see cref="ServerInterceptor.OnResponseMessage"/>.</summary>
internal sealed class HookedResponseStream<TResponse>(IServerStreamWriter<TResponse> inner, ServerInterceptor interceptor, ServerCall call) : IServerStreamWriter<TResponse>
    where TResponse : class
{
    public WriteOptions? WriteOptions
    {
        get => inner.WriteOptions;
        set => inner.WriteOptions = value;
    }

    public Task WriteAsync(TResponse message) => inner.WriteAsync(Hook(message));

    public Task WriteAsync(TResponse message, CancellationToken cancellationToken) => inner.WriteAsync(Hook(message), cancellationToken);

    private TResponse Hook(TResponse message) => MessageCast.To<TResponse>(interceptor.OnResponseMessage(call, message), interceptor, call);
}
