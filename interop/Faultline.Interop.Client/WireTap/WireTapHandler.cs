using System.Net;
using Faultline.Interop.WireTap;

namespace Faultline.Interop.Client.WireTap;

/// <summary>
/// Test-side wire inspection: sits between Grpc.Net.Client and the socket handler and records, per
/// call, the gRPC encodings and the header of every message frame in both directions, so cases can
/// check what the spec asks of the wire (the compressed flag of each message, zero-length messages).
/// grpc-dotnet does not expose per-message flags; this handler observes them without changing any byte.
/// </summary>
public sealed class WireTapHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private readonly List<ClientExchange> _exchanges = new();

    /// <summary>A position in the exchange list, for <see cref="Since"/>.</summary>
    public int Mark()
    {
        lock (_exchanges)
        {
            return _exchanges.Count;
        }
    }

    /// <summary>The exchanges started after <paramref name="mark"/>, optionally only those of <paramref name="method"/>.</summary>
    public IReadOnlyList<ClientExchange> Since(int mark, string? method = null)
    {
        lock (_exchanges)
        {
            return _exchanges.Skip(mark).Where(e => method is null || e.Method == method).ToArray();
        }
    }

    /// <summary>
    /// Waits up to <paramref name="timeout"/> for the first <paramref name="method"/> exchange after
    /// <paramref name="mark"/>: grpc-dotnet sends a call's HTTP request in the background (once it has a
    /// connection), so the request may not have reached this handler when the call object is returned.
    /// Null when none came in time.
    /// </summary>
    public async Task<ClientExchange?> WaitForExchangeAsync(int mark, string method, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (true)
        {
            if (Since(mark, method) is [var first, ..])
            {
                return first;
            }

            if (DateTime.UtcNow >= until)
            {
                return null;
            }

            await Task.Delay(5).ConfigureAwait(false);
        }
    }

    public override string ToString()
    {
        lock (_exchanges)
        {
            return string.Join("\n", _exchanges);
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var exchange = new ClientExchange(request.RequestUri!.AbsolutePath, Header(request.Headers, "grpc-encoding"));
        lock (_exchanges)
        {
            _exchanges.Add(exchange);
        }

        if (request.Content is { } content)
        {
            request.Content = new TappedRequestContent(content, exchange);
        }

        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        exchange.ResponseEncoding = Header(response.Headers, "grpc-encoding");
        response.Content = new TappedResponseContent(response.Content, exchange.ResponseFrames);
        return response;
    }

    private static string? Header(System.Net.Http.Headers.HttpHeaders headers, string name) =>
        headers.NonValidated.TryGetValues(name, out var values) ? string.Join(",", values) : null;

    /// <summary>The request body, passed through a stream that scans what is written.</summary>
    private sealed class TappedRequestContent : HttpContent
    {
        private readonly HttpContent _inner;
        private readonly ClientExchange _exchange;

        public TappedRequestContent(HttpContent inner, ClientExchange exchange)
        {
            _inner = inner;
            _exchange = exchange;
            foreach (var header in inner.Headers)
            {
                Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            _exchange.OnRequestBodyStarted();
            await _inner.CopyToAsync(new ScanningWriteStream(stream, _exchange.RequestFrames), context, cancellationToken).ConfigureAwait(false);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    /// <summary>The response body, passed through a stream that scans what is read.</summary>
    private sealed class TappedResponseContent : HttpContent
    {
        private readonly HttpContent _inner;
        private readonly GrpcFrameScanner _scanner;

        public TappedResponseContent(HttpContent inner, GrpcFrameScanner scanner)
        {
            _inner = inner;
            _scanner = scanner;
            foreach (var header in inner.Headers)
            {
                Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        protected override async Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken) =>
            new ScanningReadStream(await _inner.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), _scanner);

        protected override Task<Stream> CreateContentReadStreamAsync() => CreateContentReadStreamAsync(CancellationToken.None);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await using var source = await CreateContentReadStreamAsync().ConfigureAwait(false);
            await source.CopyToAsync(stream).ConfigureAwait(false);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
