using System.Collections.Concurrent;
using Faultline.AspNetCore;

namespace Faultline.Testing.Tests.Interceptors;

/// <summary>
/// Counts the calls it sees by method name (<see cref="GrpcMethodName.Method"/>), keeping each method's
/// parsed name and kind. With <paramref name="skipExecute"/> it turns unary Execute down itself, through AppliesTo.
/// </summary>
public sealed class CallCounter(bool skipExecute = false) : ServerInterceptor
{
    private readonly ConcurrentDictionary<string, int> _counts = new();
    private readonly ConcurrentDictionary<string, (GrpcMethodName Name, MethodType Kind)> _seen = new();

    public IReadOnlyDictionary<string, int> Counts => _counts;

    public IReadOnlyDictionary<string, (GrpcMethodName Name, MethodType Kind)> Seen => _seen;

    public int Total => _counts.Values.Sum();

    protected override bool AppliesTo(GrpcMethodName method) => !(skipExecute && method.Method == "Execute");

    protected override ValueTask<object?> InterceptAsync(ServerCall call, ServerCallContinuation next)
    {
        _counts.AddOrUpdate(call.Method.Method, 1, (_, count) => count + 1);
        _seen[call.Method.Method] = (call.Method, call.Kind);
        return next(call);
    }
}
