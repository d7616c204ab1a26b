using Faultline.Protocol;

namespace Faultline.Server.Internal;

/// <summary>The request stream of a client-streaming or duplex call.</summary>
internal sealed class HttpRequestStreamReader<TRequest> : IAsyncStreamReader<TRequest>
{
    private readonly HttpServerCallContext _call;
    private readonly GrpcMessageReader _reader;
    private readonly Marshaller<TRequest> _marshaller;
    private TRequest? _current;
    private int _reading;
    private bool _ended;

    public HttpRequestStreamReader(HttpServerCallContext call, Marshaller<TRequest> marshaller)
    {
        _call = call;
        _marshaller = marshaller;
        _reader = call.CreateRequestReader();
    }

    public TRequest Current => _current ?? throw new InvalidOperationException("No current message: call MoveNext first and check that it returned true.");

    public async Task<bool> MoveNext(CancellationToken cancellationToken)
    {
        if (_call.IsComplete)
        {
            throw new InvalidOperationException("The call is complete: its request stream can no longer be read.");
        }

        if (Interlocked.Exchange(ref _reading, 1) == 1)
        {
            throw new InvalidOperationException("A read is already in progress: wait for MoveNext to complete before calling it again.");
        }

        try
        {
            if (_ended)
            {
                return false;
            }

            using var linked = cancellationToken.CanBeCanceled
                ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _call.CancellationToken)
                : null;
            bool hasMessage;
            TRequest? message;
            try
            {
                (hasMessage, message) = await _reader.ReadNextAsync(_marshaller, linked?.Token ?? _call.CancellationToken).ConfigureAwait(false);
            }
            catch (IOException ex)
            {
                throw _call.ClientResetDuringRead(ex);
            }

            _current = message;
            _ended = !hasMessage;
            return hasMessage;
        }
        finally
        {
            Volatile.Write(ref _reading, 0);
        }
    }
}
