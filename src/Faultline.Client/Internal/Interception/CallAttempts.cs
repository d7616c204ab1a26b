using Grpc.Core;

namespace Faultline.Client.Internal.Interception;

/// <summary>An attempt of a unary call.</summary>
internal sealed class UnaryAttempt<TResponse>(ClientCall call, AsyncUnaryCall<TResponse> inner) : CallAttempt(call)
{
    public Task<TResponse> ResponseAsync => inner.ResponseAsync;

    public override Task<Metadata> ResponseHeadersAsync => inner.ResponseHeadersAsync;

    public override Status GetStatus() => inner.GetStatus();

    public override Metadata GetTrailers() => inner.GetTrailers();

    protected override void DisposeCall() => inner.Dispose();
}

/// <summary>An attempt of a client-streaming call.</summary>
internal sealed class ClientStreamingAttempt<TRequest, TResponse>(ClientCall call, AsyncClientStreamingCall<TRequest, TResponse> inner) : CallAttempt(call)
{
    public Task<TResponse> ResponseAsync => inner.ResponseAsync;

    public IClientStreamWriter<TRequest> RequestStream => inner.RequestStream;

    public override Task<Metadata> ResponseHeadersAsync => inner.ResponseHeadersAsync;

    public override Status GetStatus() => inner.GetStatus();

    public override Metadata GetTrailers() => inner.GetTrailers();

    protected override void DisposeCall() => inner.Dispose();
}

/// <summary>An attempt of a server-streaming call.</summary>
internal sealed class ServerStreamingAttempt<TResponse>(ClientCall call, AsyncServerStreamingCall<TResponse> inner) : StreamingAttempt<TResponse>(call)
{
    public override Task<Metadata> ResponseHeadersAsync => inner.ResponseHeadersAsync;

    protected override IAsyncStreamReader<TResponse> Responses => inner.ResponseStream;

    public override Status GetStatus() => inner.GetStatus();

    public override Metadata GetTrailers() => inner.GetTrailers();

    protected override void DisposeCall() => inner.Dispose();
}

/// <summary>An attempt of a duplex call.</summary>
internal sealed class DuplexAttempt<TRequest, TResponse>(ClientCall call, AsyncDuplexStreamingCall<TRequest, TResponse> inner) : StreamingAttempt<TResponse>(call)
{
    public IClientStreamWriter<TRequest> RequestStream => inner.RequestStream;

    public override Task<Metadata> ResponseHeadersAsync => inner.ResponseHeadersAsync;

    protected override IAsyncStreamReader<TResponse> Responses => inner.ResponseStream;

    public override Status GetStatus() => inner.GetStatus();

    public override Metadata GetTrailers() => inner.GetTrailers();

    protected override void DisposeCall() => inner.Dispose();
}
