using Faultline.AspNetCore;

namespace Faultline.Testing.Tests.Interceptors;

/// <summary>
/// Catches a NotFoundException from the rest of the call and ends it successfully instead: a fallback
/// response where the kind returns one, otherwise the stream ends where it failed.
/// </summary>
public sealed class Recoverer : ServerInterceptor
{
    protected override async ValueTask<object?> InterceptAsync(ServerCall call, ServerCallContinuation next)
    {
        try
        {
            return await next(call);
        }
        catch (NotFoundException)
        {
            return call.Kind is MethodType.Unary or MethodType.ClientStreaming ? new DummyResponse { Output = "fallback" } : null;
        }
    }
}
