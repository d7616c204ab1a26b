using Faultline.AspNetCore;

namespace Faultline.Testing.Tests.Interceptors;

/// <summary>Changes every message on its way: requests' inputs upper-cased, responses' outputs bracketed.</summary>
public sealed class Rewriter : ServerInterceptor
{
    protected override ValueTask<object?> InterceptAsync(ServerCall call, ServerCallContinuation next) => next(call);

    protected override object OnRequestMessage(ServerCall call, object message) =>
        new DummyRequest { Input = ((DummyRequest)message).Input.ToUpperInvariant() };

    protected override object OnResponseMessage(ServerCall call, object message) =>
        new DummyResponse { Output = $"<{((DummyResponse)message).Output}>" };
}
