using System.Collections.Concurrent;

namespace Faultline.InteropTests.Infrastructure;

/// <summary>
/// Sits between the Faultline client and the socket and records each HTTP/2 exchange's gRPC-relevant
/// headers, as wire-level evidence for assertions (compression) and failure messages.
/// </summary>
public sealed class WireRecorder() : DelegatingHandler(new SocketsHttpHandler { EnableMultipleHttp2Connections = true })
{
    private readonly ConcurrentQueue<Exchange> _exchanges = new();

    public IReadOnlyList<Exchange> Exchanges => _exchanges.ToArray();

    public override string ToString() => string.Join("\n", _exchanges);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var exchange = new Exchange(request.RequestUri!.AbsolutePath, $"HTTP/{request.Version}", Header(request.Headers, request.Content?.Headers, "grpc-encoding"), Header(request.Headers, request.Content?.Headers, "grpc-timeout"));
        _exchanges.Enqueue(exchange);
        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            exchange.Response = $"{(int)response.StatusCode} HTTP/{response.Version} grpc-encoding={Header(response.Headers, response.Content.Headers, "grpc-encoding") ?? "-"} grpc-status(headers)={Header(response.Headers, null, "grpc-status") ?? "-"}";
            exchange.ResponseEncoding = Header(response.Headers, response.Content.Headers, "grpc-encoding");
            exchange.HttpStatus = (int)response.StatusCode;
            exchange.TrailersOnlyGrpcStatus = Header(response.Headers, null, "grpc-status");
            return response;
        }
        catch (Exception ex)
        {
            exchange.Response = $"failed: {ex.GetType().Name}: {ex.Message}";
            throw;
        }
    }

    private static string? Header(System.Net.Http.Headers.HttpHeaders headers, System.Net.Http.Headers.HttpHeaders? more, string name) =>
        headers.NonValidated.TryGetValues(name, out var values) || (more is not null && more.NonValidated.TryGetValues(name, out values))
            ? string.Join(",", values)
            : null;

    public sealed class Exchange(string path, string version, string? requestEncoding, string? timeout)
    {
        public string Path { get; } = path;

        public string? RequestEncoding { get; } = requestEncoding;

        public string? ResponseEncoding { get; set; }

        public int HttpStatus { get; set; }

        /// <summary>grpc-status in the response headers (a Trailers-Only response), else null.</summary>
        public string? TrailersOnlyGrpcStatus { get; set; }

        public string Response { get; set; } = "(no response yet)";

        public override string ToString() =>
            $"POST {Path} {version} grpc-encoding={RequestEncoding ?? "-"} grpc-timeout={timeout ?? "-"} => {Response}";
    }
}
