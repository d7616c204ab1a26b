namespace Faultline.Client;

/// <summary>
/// The next step of a call from a <see cref="ClientInterceptor"/>: one attempt of the call, through
/// the interceptors below and the channel, with the call's current <see cref="ClientCall.Options"/>,
/// <see cref="ClientCall.Headers"/> and <see cref="ClientCall.Request"/> (client-streaming and duplex
/// calls: every request the caller has written so far, then the rest as it writes them).
/// </summary>
/// <remarks>
/// It returns the response of a unary or client-streaming attempt; for server-streaming and duplex
/// calls it returns null once the attempt has received its first response message, or ended without
/// any (OK): failures before that throw here, later ones reach the caller's <c>ResponseStream</c>.
/// It throws what the attempt failed with (inside Faultline's pipeline: the typed
/// <see cref="GrpcException"/> subclass, details decoded). An interceptor may call it zero times, once,
/// or again after it returned or threw (a retry; the attempt before is disposed), but not twice at
/// once, and not after <see cref="ClientInterceptor"/>'s <c>InterceptAsync</c> has returned.
/// </remarks>
public delegate ValueTask<object?> ClientCallContinuation(ClientCall call);
