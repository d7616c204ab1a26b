using Grpc.Core;

namespace Faultline.Client.Internal;

/// <summary>The state of a translated unary call.</summary>
internal sealed class UnaryCallTranslation<TResponse>(AsyncUnaryCall<TResponse> inner, ClientExceptionTranslator translator) : CallTranslation(translator)
{
    protected override Task<Metadata> InnerResponseHeadersAsync => inner.ResponseHeadersAsync;

    public static AsyncUnaryCall<TResponse> Wrap(AsyncUnaryCall<TResponse> inner, ClientExceptionTranslator translator)
    {
        var call = new UnaryCallTranslation<TResponse>(inner, translator);
        return new AsyncUnaryCall<TResponse>(call.Translate(inner.ResponseAsync), HeadersOf, StatusOf, TrailersOf, DisposeOf, call);
    }

    public override Status GetStatus() => inner.GetStatus();

    public override Metadata GetTrailers() => inner.GetTrailers();

    public override void Dispose() => inner.Dispose();
}

/// <summary>The state of a translated server-streaming call.</summary>
internal sealed class ServerStreamingCallTranslation<TResponse>(AsyncServerStreamingCall<TResponse> inner, ClientExceptionTranslator translator) : CallTranslation(translator)
{
    protected override Task<Metadata> InnerResponseHeadersAsync => inner.ResponseHeadersAsync;

    public static AsyncServerStreamingCall<TResponse> Wrap(AsyncServerStreamingCall<TResponse> inner, ClientExceptionTranslator translator)
    {
        var call = new ServerStreamingCallTranslation<TResponse>(inner, translator);
        return new AsyncServerStreamingCall<TResponse>(new TranslatingStreamReader<TResponse>(inner.ResponseStream, call), HeadersOf, StatusOf, TrailersOf, DisposeOf, call);
    }

    public override Status GetStatus() => inner.GetStatus();

    public override Metadata GetTrailers() => inner.GetTrailers();

    public override void Dispose() => inner.Dispose();
}

/// <summary>The state of a translated client-streaming call.</summary>
internal sealed class ClientStreamingCallTranslation<TRequest, TResponse>(AsyncClientStreamingCall<TRequest, TResponse> inner, ClientExceptionTranslator translator) : CallTranslation(translator)
{
    protected override Task<Metadata> InnerResponseHeadersAsync => inner.ResponseHeadersAsync;

    public static AsyncClientStreamingCall<TRequest, TResponse> Wrap(AsyncClientStreamingCall<TRequest, TResponse> inner, ClientExceptionTranslator translator)
    {
        var call = new ClientStreamingCallTranslation<TRequest, TResponse>(inner, translator);
        return new AsyncClientStreamingCall<TRequest, TResponse>(new TranslatingStreamWriter<TRequest>(inner.RequestStream, call), call.Translate(inner.ResponseAsync), HeadersOf, StatusOf, TrailersOf, DisposeOf, call);
    }

    public override Status GetStatus() => inner.GetStatus();

    public override Metadata GetTrailers() => inner.GetTrailers();

    public override void Dispose() => inner.Dispose();
}

/// <summary>The state of a translated duplex-streaming call.</summary>
internal sealed class DuplexStreamingCallTranslation<TRequest, TResponse>(AsyncDuplexStreamingCall<TRequest, TResponse> inner, ClientExceptionTranslator translator) : CallTranslation(translator)
{
    protected override Task<Metadata> InnerResponseHeadersAsync => inner.ResponseHeadersAsync;

    public static AsyncDuplexStreamingCall<TRequest, TResponse> Wrap(AsyncDuplexStreamingCall<TRequest, TResponse> inner, ClientExceptionTranslator translator)
    {
        var call = new DuplexStreamingCallTranslation<TRequest, TResponse>(inner, translator);
        return new AsyncDuplexStreamingCall<TRequest, TResponse>(new TranslatingStreamWriter<TRequest>(inner.RequestStream, call), new TranslatingStreamReader<TResponse>(inner.ResponseStream, call), HeadersOf, StatusOf, TrailersOf, DisposeOf, call);
    }

    public override Status GetStatus() => inner.GetStatus();

    public override Metadata GetTrailers() => inner.GetTrailers();

    public override void Dispose() => inner.Dispose();
}
