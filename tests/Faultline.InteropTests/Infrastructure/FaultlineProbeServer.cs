using System.Collections.Concurrent;
using Faultline.InteropTests.Services;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Faultline.InteropTests.Infrastructure;

/// <summary>
/// A real Kestrel h2c server on an ephemeral 127.0.0.1 port hosting <see cref="ProbeService"/>. It
/// records its log and, per request, the gRPC headers and trailers exactly as they go on the wire.
/// </summary>
public sealed class FaultlineProbeServer : IAsyncLifetime
{
    private readonly ConcurrentQueue<Exchange> _exchanges = new();
    private WebApplication? _app;

    public LogSink Logs { get; } = new();

    public int Port { get; private set; }

    public IReadOnlyList<Exchange> Exchanges => _exchanges.ToArray();

    /// <summary>Forgets the log and exchanges so far (call at the start of a test).</summary>
    public void Clear()
    {
        Logs.Clear();
        _exchanges.Clear();
    }

    /// <summary>The exchanges and the log, for failure messages.</summary>
    public string Describe() =>
        $"--- Faultline server: HTTP exchanges ---\n{string.Join("\n", _exchanges)}\n" +
        $"--- Faultline server: log ---\n{Logs.Describe(LogLevel.Information)}";

    public async Task InitializeAsync()
    {
        _app = FaultlineTestHost.CreateBuilder(Logs).Build();
        _app.Use(RecordAsync);
        _app.MapGrpcService<ProbeService>();
        Port = (await FaultlineTestHost.StartAsync(_app)).Single().Port;
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    private async Task RecordAsync(HttpContext http, RequestDelegate next)
    {
        var exchange = new Exchange(
            http.Request.Path,
            http.Request.Protocol,
            http.Request.Headers["grpc-encoding"].ToString(),
            http.Request.Headers["grpc-accept-encoding"].ToString(),
            http.Request.Headers["grpc-timeout"].ToString());
        _exchanges.Enqueue(exchange);
        try
        {
            await next(http);
        }
        finally
        {
            var headers = http.Response.Headers;
            var trailers = http.Features.Get<IHttpResponseTrailersFeature>()?.Trailers;
            exchange.HttpStatus = http.Response.StatusCode;
            exchange.ResponseEncoding = headers["grpc-encoding"].ToString();
            exchange.GrpcStatus = trailers?["grpc-status"] is { Count: > 0 } st ? st.ToString() : headers["grpc-status"].ToString();
            exchange.Response = $"{http.Response.StatusCode} grpc-encoding={Show(headers["grpc-encoding"])}; " +
                $"headers: grpc-status={Show(headers["grpc-status"])} grpc-message={Show(headers["grpc-message"])}; " +
                $"trailers: grpc-status={Show(trailers?["grpc-status"])} grpc-message={Show(trailers?["grpc-message"])}";
            // The raw (percent-encoded) grpc-message, from the trailers or a Trailers-Only response.
            exchange.GrpcMessage = trailers?["grpc-message"] is { Count: > 0 } m ? m.ToString() : headers["grpc-message"].ToString();
        }
    }

    private static string Show(Microsoft.Extensions.Primitives.StringValues? value) =>
        value is { Count: > 0 } v ? v.ToString() : "-";

    public sealed class Exchange(string path, string protocol, string requestEncoding, string acceptEncoding, string timeout)
    {
        public string Path { get; } = path;

        public string RequestEncoding { get; } = requestEncoding;

        public string ResponseEncoding { get; set; } = "";

        public int HttpStatus { get; set; }

        /// <summary>grpc-status from the trailers or a Trailers-Only response.</summary>
        public string GrpcStatus { get; set; } = "";

        public string GrpcMessage { get; set; } = "";

        public string Response { get; set; } = "(running)";

        public override string ToString() =>
            $"POST {Path} {protocol} grpc-encoding={RequestEncoding} grpc-accept-encoding={acceptEncoding} grpc-timeout={timeout} => {Response}";
    }
}
