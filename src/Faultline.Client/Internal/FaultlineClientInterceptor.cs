using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Faultline.Client.Internal;

/// <summary>
/// The client pipeline: wraps every call kind so that each place a failure can surface
/// (<c>ResponseAsync</c>, <c>ResponseStream</c> reads, <c>RequestStream</c> writes,
/// <c>ResponseHeadersAsync</c>, blocking calls) throws the typed exception through
/// <see cref="ClientExceptionTranslator"/>. Installed closest to the channel, so every other
/// interceptor already sees typed exceptions.
/// </summary>
internal sealed class FaultlineClientInterceptor : Interceptor
{
    private readonly ClientExceptionTranslator _translator;

    public FaultlineClientInterceptor(FaultlineClientOptions options) => _translator = new ClientExceptionTranslator(options);

    public override TResponse BlockingUnaryCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context, BlockingUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        try
        {
            return continuation(request, context);
        }
        catch (Exception ex) when (_translator.TryTranslate(ex, call: null, out var translated))
        {
            throw translated;
        }
    }

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        AsyncUnaryCall<TResponse> call;
        try
        {
            call = continuation(request, context);
        }
        catch (Exception ex) when (_translator.TryTranslate(ex, call: null, out var translated))
        {
            // The call failed to start, e.g. an interceptor below threw an RpcException.
            throw translated;
        }

        return UnaryCallTranslation<TResponse>.Wrap(call, _translator);
    }

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncServerStreamingCallContinuation<TRequest, TResponse> continuation)
    {
        AsyncServerStreamingCall<TResponse> call;
        try
        {
            call = continuation(request, context);
        }
        catch (Exception ex) when (_translator.TryTranslate(ex, call: null, out var translated))
        {
            throw translated;
        }

        return ServerStreamingCallTranslation<TResponse>.Wrap(call, _translator);
    }

    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(ClientInterceptorContext<TRequest, TResponse> context, AsyncClientStreamingCallContinuation<TRequest, TResponse> continuation)
    {
        AsyncClientStreamingCall<TRequest, TResponse> call;
        try
        {
            call = continuation(context);
        }
        catch (Exception ex) when (_translator.TryTranslate(ex, call: null, out var translated))
        {
            throw translated;
        }

        return ClientStreamingCallTranslation<TRequest, TResponse>.Wrap(call, _translator);
    }

    public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(ClientInterceptorContext<TRequest, TResponse> context, AsyncDuplexStreamingCallContinuation<TRequest, TResponse> continuation)
    {
        AsyncDuplexStreamingCall<TRequest, TResponse> call;
        try
        {
            call = continuation(context);
        }
        catch (Exception ex) when (_translator.TryTranslate(ex, call: null, out var translated))
        {
            throw translated;
        }

        return DuplexStreamingCallTranslation<TRequest, TResponse>.Wrap(call, _translator);
    }
}
