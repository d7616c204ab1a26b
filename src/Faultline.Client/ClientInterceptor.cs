using Faultline.Client.Internal.Interception;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Faultline.Client;

/// <summary>
/// A client interceptor with one method to override, <see cref="InterceptAsync"/>, the same for
/// unary (async and blocking), server-streaming, client-streaming and duplex calls. Unlike
/// grpc-dotnet's <see cref="Interceptor"/>, whose client methods must return the call object at once,
/// it is asynchronous before the call starts: it can await (a token, a cache, a delay), then set
/// headers or options, then start the call with <c>next(call)</c>; or answer without it (a cache),
/// or call it again after a failure (a retry).
/// </summary>
/// <remarks>
/// <para>
/// Install it like any grpc-dotnet interceptor, <c>channel.Intercept(new MyInterceptor())</c>, or in
/// Faultline's pipeline: <c>channel.WithFaultline(o =&gt; o.Interceptors.Add(new MyInterceptor()))</c>
/// (or <c>AddGrpcClient&lt;T&gt;().AddFaultline(o =&gt; ...)</c>), where the next step throws the typed
/// <see cref="GrpcException"/> subclass of each failure with its details decoded. One instance serves
/// every call of the channel, concurrently: keep per-call state in locals of <see cref="InterceptAsync"/>.
/// </para>
/// <para>
/// The caller gets its call object at once; its <c>ResponseAsync</c> is what <see cref="InterceptAsync"/>
/// returns (or throws), and its response stream, status and trailers are those of the last attempt
/// (none, and OK, when the interceptor answered without one). So are the response headers of a unary
/// call; a streaming caller may need its headers while the call is live (still writing, or waiting for
/// a message), so it gets those of the attempt in flight when it asks (or of the next one, if that
/// fails without any): one that asks early may see the headers of a Trailers-Only failure the
/// interceptor then retries. Its <c>Dispose</c>
/// cancels the call: the attempt in flight, <see cref="ClientCall.CancellationToken"/>, and what the
/// caller awaits. A client-streaming or duplex caller writes as usual: its writes go to
/// the current attempt (waiting for the first one to start) and are kept, up to
/// <see cref="MaxRequestReplaySize"/> bytes, so that another attempt can be sent them again.
/// </para>
/// <para>
/// What the interceptor throws reaches the caller as it is: throw a <see cref="GrpcException"/>
/// subclass (e.g. <see cref="UnavailableException"/>) to keep failures typed. A blocking call blocks
/// on <see cref="InterceptAsync"/>, so what it awaits must not need the calling thread.
/// </para>
/// </remarks>
public abstract class ClientInterceptor : Interceptor
{
    /// <summary>The default of <see cref="MaxRequestReplaySize"/>: 1 MiB, as grpc-dotnet's per-call retry buffer.</summary>
    public const int DefaultMaxRequestReplaySize = 1024 * 1024;

    private static readonly ClientCallContinuation Proceed = static call => call.ProceedAsync();

    /// <summary>
    /// Handles one call. Call <paramref name="next"/> to start an attempt (see
    /// <see cref="ClientCallContinuation"/>), or answer without it. Return what it returned, or another
    /// response of the method's type; for server-streaming and duplex calls the return value is not
    /// used (return null), their responses always come from the last attempt.
    /// </summary>
    protected abstract ValueTask<object?> InterceptAsync(ClientCall call, ClientCallContinuation next);

    /// <summary>Whether this interceptor handles calls to <paramref name="method"/>; others pass straight through, at no cost. All, by default.</summary>
    protected virtual bool AppliesTo(GrpcMethodName method) => true;

    /// <summary>
    /// Told the status of each attempt when it ends: OK or the failure of a unary or client-streaming
    /// attempt when its response arrives; for server-streaming and duplex attempts, OK when the caller
    /// has read the stream to its end, the failure when one ends the stream (before the first message:
    /// inside the next step; later: while the caller reads), CANCELLED when the call or attempt is
    /// disposed first. It runs where the end is seen (possibly on the caller's read), so keep it short,
    /// and it must not throw. Nothing, by default.
    /// </summary>
    protected virtual void OnAttemptEnded(ClientCall call, Status status)
    {
    }

    /// <summary>
    /// How many bytes of a client-streaming or duplex call's requests are kept so that a further attempt
    /// can be sent them again (protobuf messages are measured with <c>CalculateSize</c>, others by the
    /// method's serializer). Past it, the kept requests are dropped and calling the next step again
    /// throws <see cref="InvalidOperationException"/>. An interceptor that never retries can return 0
    /// to keep nothing. <see cref="DefaultMaxRequestReplaySize"/>, by default. Requests are kept as
    /// written, by reference: a caller that changes a message after writing it changes what another
    /// attempt is sent. Nothing is kept once the interceptor has returned.
    /// </summary>
    protected virtual int MaxRequestReplaySize => DefaultMaxRequestReplaySize;

    internal int ReplayLimit => MaxRequestReplaySize;

    /// <inheritdoc />
    public sealed override TResponse BlockingUnaryCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context, BlockingUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        var method = MethodNames.Of(context.Method);
        return AppliesTo(method)
            ? new BlockingUnaryClientCall<TRequest, TResponse>(this, method, context, request, continuation).Run()
            : continuation(request, context);
    }

    /// <inheritdoc />
    public sealed override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        var method = MethodNames.Of(context.Method);
        return AppliesTo(method)
            ? InterceptedUnaryCall<TRequest, TResponse>.Start(this, method, context, request, continuation)
            : continuation(request, context);
    }

    /// <inheritdoc />
    public sealed override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncServerStreamingCallContinuation<TRequest, TResponse> continuation)
    {
        var method = MethodNames.Of(context.Method);
        return AppliesTo(method)
            ? InterceptedServerStreamingCall<TRequest, TResponse>.Start(this, method, context, request, continuation)
            : continuation(request, context);
    }

    /// <inheritdoc />
    public sealed override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(ClientInterceptorContext<TRequest, TResponse> context, AsyncClientStreamingCallContinuation<TRequest, TResponse> continuation)
    {
        var method = MethodNames.Of(context.Method);
        return AppliesTo(method)
            ? InterceptedClientStreamingCall<TRequest, TResponse>.Start(this, method, context, continuation)
            : continuation(context);
    }

    /// <inheritdoc />
    public sealed override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(ClientInterceptorContext<TRequest, TResponse> context, AsyncDuplexStreamingCallContinuation<TRequest, TResponse> continuation)
    {
        var method = MethodNames.Of(context.Method);
        return AppliesTo(method)
            ? InterceptedDuplexStreamingCall<TRequest, TResponse>.Start(this, method, context, continuation)
            : continuation(context);
    }

    internal ValueTask<object?> Intercept(ClientCall call) => InterceptAsync(call, Proceed);

    internal void AttemptEnded(ClientCall call, Status status) => OnAttemptEnded(call, status);
}
