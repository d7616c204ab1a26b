using System.Collections.Concurrent;
using Faultline.AspNetCore;

namespace Faultline.Testing.Tests.Interceptors;

/// <summary>Writes "{name} enter" and "{name} exit" to a shared journal around the rest of the call, also when it fails.</summary>
public sealed class OrderRecorder(string name, ConcurrentQueue<string> journal) : ServerInterceptor
{
    protected override async ValueTask<object?> InterceptAsync(ServerCall call, ServerCallContinuation next)
    {
        journal.Enqueue($"{name} enter");
        try
        {
            return await next(call);
        }
        finally
        {
            journal.Enqueue($"{name} exit");
        }
    }
}
