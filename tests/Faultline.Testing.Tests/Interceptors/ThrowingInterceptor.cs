using Faultline.AspNetCore;

namespace Faultline.Testing.Tests.Interceptors;

/// <summary>Throws the given exception on every call instead of going on.</summary>
public sealed class ThrowingInterceptor(Exception exception) : ServerInterceptor
{
    protected override ValueTask<object?> InterceptAsync(ServerCall call, ServerCallContinuation next) => throw exception;
}
