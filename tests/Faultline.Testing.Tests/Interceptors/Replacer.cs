using Faultline.AspNetCore;

namespace Faultline.Testing.Tests.Interceptors;

/// <summary>
/// Changes a call from InterceptAsync itself: replaces the request of the kinds that have one before
/// going on, and the response of the kinds that return one after.
/// </summary>
public sealed class Replacer : ServerInterceptor
{
    protected override async ValueTask<object?> InterceptAsync(ServerCall call, ServerCallContinuation next)
    {
        if (call.Request is DummyRequest request)
        {
            call.Request = new DummyRequest { Input = request.Input + "-replaced" };
        }

        var response = await next(call);
        return response is DummyResponse reply ? new DummyResponse { Output = "[" + reply.Output + "]" } : response;
    }
}
