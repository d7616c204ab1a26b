using Grpc.Core;

namespace Faultline.Client.Internal.Interception;

/// <summary>An attempt of a call with one response: it ends when its response arrives or fails.</summary>
internal abstract class ResponseAttempt<TResponse>(ClientCall call) : CallAttempt(call)
{
    protected abstract Task<TResponse> ResponseAsync { get; }

    /// <summary>The attempt's response, the attempt ended OK; or its failure, thrown, the attempt ended with it.</summary>
    public async Task<object?> ReceiveAsync()
    {
        try
        {
            var response = await ResponseAsync.ConfigureAwait(false);
            EndOk();
            return response;
        }
        catch (Exception ex)
        {
            EndWith(ex);
            throw;
        }
    }
}

/// <summary>An attempt of a unary call.</summary>
internal sealed class UnaryAttempt<TResponse>(ClientCall call, AsyncUnaryCall<TResponse> inner) : ResponseAttempt<TResponse>(call)
{
    protected override Task<TResponse> ResponseAsync => inner.ResponseAsync;

    public override Task<Metadata> ResponseHeadersAsync => inner.ResponseHeadersAsync;

    public override Status GetStatus() => inner.GetStatus();

    public override Metadata GetTrailers() => inner.GetTrailers();

    protected override void DisposeCall() => inner.Dispose();
}

/// <summary>An attempt of a client-streaming call.</summary>
internal sealed class ClientStreamingAttempt<TRequest, TResponse>(ClientCall call, AsyncClientStreamingCall<TRequest, TResponse> inner) : ResponseAttempt<TResponse>(call)
{
    protected override Task<TResponse> ResponseAsync => inner.ResponseAsync;

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
