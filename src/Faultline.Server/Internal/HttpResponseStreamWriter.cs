namespace Faultline.Server.Internal;

/// <summary>The response stream of a server-streaming or duplex call.</summary>
internal sealed class HttpResponseStreamWriter<TResponse> : IServerStreamWriter<TResponse>
{
    private readonly HttpServerCallContext _call;
    private readonly Marshaller<TResponse> _marshaller;
    private int _writing;

    public HttpResponseStreamWriter(HttpServerCallContext call, Marshaller<TResponse> marshaller)
    {
        _call = call;
        _marshaller = marshaller;
    }

    public WriteOptions? WriteOptions
    {
        get => _call.WriteOptions;
        set => _call.WriteOptions = value;
    }

    public async Task WriteAsync(TResponse message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (Interlocked.Exchange(ref _writing, 1) == 1)
        {
            throw new InvalidOperationException("A write is already in progress: await each WriteAsync before starting the next.");
        }

        try
        {
            if (!cancellationToken.CanBeCanceled)
            {
                await _call.WriteMessageAsync(message, _marshaller, flush: true, _call.CancellationToken).ConfigureAwait(false);
                return;
            }

            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _call.CancellationToken);
            try
            {
                await _call.WriteMessageAsync(message, _marshaller, flush: true, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // A write abandoned half-way leaves a partial message on the stream; reset it instead.
                _call.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpResetFeature>()?.Reset(Http2ErrorCodes.Cancel);
                throw;
            }
        }
        finally
        {
            Volatile.Write(ref _writing, 0);
        }
    }
}
