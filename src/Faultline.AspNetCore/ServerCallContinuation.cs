namespace Faultline.AspNetCore;

/// <summary>
/// The next step of a call from a <see cref="ServerInterceptor"/>: the next interceptor, or the
/// service method itself. Returns the response of a unary or client-streaming call (null for the
/// streaming-response kinds); throws what the next step throws.
/// </summary>
public delegate ValueTask<object?> ServerCallContinuation(ServerCall call);
