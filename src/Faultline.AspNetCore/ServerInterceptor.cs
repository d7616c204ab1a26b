using Faultline.AspNetCore.Internal.Interception;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Faultline.AspNetCore;

/// <summary>
/// A server interceptor with one method to override, <see cref="InterceptAsync"/>, the same for
/// unary, client-streaming, server-streaming and duplex calls. It sees the request (or request
/// stream), the context and the parsed method name; it calls the next step or ends the call itself
/// (throw, or <c>call.Context.SetRichStatus(...)</c> and return null); and it sees what the next
/// step throws, before the first streamed message or after any number of them. Optional hooks see
/// each message in both directions. grpc-dotnet never calls interceptors for unknown methods.
/// </summary>
/// <remarks>
/// Register it with <c>AddGrpc().AddFaultline().AddServerInterceptor&lt;T&gt;()</c> (or an instance),
/// optionally with a method selector. Interceptors run in registration order, outermost first,
/// inside Faultline's own pipeline, so what they throw becomes a rich status too. It is also a
/// grpc-dotnet <see cref="Interceptor"/>, so <c>AddGrpc(o =&gt; o.Interceptors.Add&lt;T&gt;())</c> works as well.
/// </remarks>
public abstract class ServerInterceptor : Interceptor
{
    private static readonly ServerCallContinuation Proceed = static call => call.ProceedAsync();

    private readonly MessageHooks _hooks;

    /// <summary>Initializes the interceptor.</summary>
    protected ServerInterceptor() => _hooks = MessageHooks.Of(GetType());

    internal bool HooksRequests => _hooks.Requests;

    internal bool HooksResponses => _hooks.Responses;

    /// <summary>
    /// Handles one call. Call <paramref name="next"/> to go on (once; the call's request streams
    /// cannot be read twice), or end the call without it. Return what <paramref name="next"/> returned,
    /// or another response of the method's type; for server-streaming and duplex calls, null.
    /// </summary>
    protected abstract ValueTask<object?> InterceptAsync(ServerCall call, ServerCallContinuation next);

    /// <summary>
    /// Whether this interceptor handles calls to <paramref name="method"/>; others pass straight
    /// through. All, by default; a selector given at registration is checked before this.
    /// </summary>
    protected virtual bool AppliesTo(GrpcMethodName method) => true;

    /// <summary>
    /// Sees each request message on its way to the method (the request of a unary or server-streaming
    /// call too): return it, a replacement of the same type, or throw to fail the call.
    /// </summary>
    protected internal virtual object OnRequestMessage(ServerCall call, object message) => message;

    /// <summary>Sees each response message on its way to the client: return it, a replacement of the same type, or throw to fail the call.</summary>
    protected internal virtual object OnResponseMessage(ServerCall call, object message) => message;

    /// <inheritdoc />
    public sealed override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        var method = MethodNames.Of(context.Method);
        return AppliesTo(method)
            ? RespondAsync<TResponse>(new UnaryServerCall<TRequest, TResponse>(this, method, context, request, continuation))
            : continuation(request, context);
    }

    /// <inheritdoc />
    public sealed override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        var method = MethodNames.Of(context.Method);
        return AppliesTo(method)
            ? RespondAsync<TResponse>(new ClientStreamingServerCall<TRequest, TResponse>(this, method, context, requestStream, continuation))
            : continuation(requestStream, context);
    }

    /// <inheritdoc />
    public sealed override Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        var method = MethodNames.Of(context.Method);
        return AppliesTo(method)
            ? StreamAsync(new ServerStreamingServerCall<TRequest, TResponse>(this, method, context, request, responseStream, continuation))
            : continuation(request, responseStream, context);
    }

    /// <inheritdoc />
    public sealed override Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        var method = MethodNames.Of(context.Method);
        return AppliesTo(method)
            ? StreamAsync(new DuplexStreamingServerCall<TRequest, TResponse>(this, method, context, requestStream, responseStream, continuation))
            : continuation(requestStream, responseStream, context);
    }

    private async Task<TResponse> RespondAsync<TResponse>(ServerCall call)
        where TResponse : class
    {
        var response = await InterceptAsync(call, Proceed).ConfigureAwait(false);
        switch (response)
        {
            case TResponse typed:
                return typed;
            case null when call.Context.Status.StatusCode != StatusCode.OK:
                // Ended with a status and no response: grpc-dotnet needs a message, which the
                // Faultline pipeline then keeps off the wire.
                return ResponsePlaceholderFor<TResponse>(call);
            case null:
                throw new InvalidOperationException($"{GetType().Name} returned no response for {call.Method} and set no failure status; return the next step's response, a {typeof(TResponse).Name}, or end the call with a status.");
            default:
                throw new InvalidOperationException($"{GetType().Name} returned a {response.GetType().Name} for {call.Method}, which responds with {typeof(TResponse).Name}.");
        }
    }

    private async Task StreamAsync(ServerCall call) => await InterceptAsync(call, Proceed).ConfigureAwait(false);

    private TResponse ResponsePlaceholderFor<TResponse>(ServerCall call)
        where TResponse : class =>
        Internal.ResponsePlaceholder<TResponse>.Instance
        ?? throw new RpcException(call.Context.Status);
}
