using System.Collections.Concurrent;
using Faultline.AspNetCore;

namespace Faultline.Testing.Tests.Interceptors;

/// <summary>Keeps what the rest of each call threw (method name and exception), and throws it on.</summary>
public sealed class ErrorRecorder : ServerInterceptor
{
    private readonly ConcurrentQueue<(string Method, Exception Exception)> _errors = new();

    public IReadOnlyCollection<(string Method, Exception Exception)> Errors => _errors;

    protected override async ValueTask<object?> InterceptAsync(ServerCall call, ServerCallContinuation next)
    {
        try
        {
            return await next(call);
        }
        catch (Exception ex)
        {
            _errors.Enqueue((call.Method.Method, ex));
            throw;
        }
    }
}
