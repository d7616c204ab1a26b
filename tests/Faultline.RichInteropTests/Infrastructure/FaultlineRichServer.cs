using System.Collections.Concurrent;
using Faultline.RichInteropTests.Services;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Faultline.RichInteropTests.Infrastructure;

/// <summary>
/// A real Kestrel h2c server on an ephemeral 127.0.0.1 port hosting <see cref="RichErrorsService"/>
/// with default <see cref="Faultline.Server.FaultlineServerOptions"/> (no detailed errors, 8 KiB
/// status trailer budget). Records its log and, per request, the status exactly as it went on the
/// wire (Trailers-Only headers or trailers), keyed by the request's <c>x-case-id</c> header.
/// </summary>
public sealed class FaultlineRichServer : IAsyncLifetime
{
    private readonly ConcurrentQueue<Exchange> _exchanges = new();
    private WebApplication? _app;

    public LogSink Logs { get; } = new();

    public int Port { get; private set; }

    public string Address => $"http://127.0.0.1:{Port}";

    public IReadOnlyList<Exchange> Exchanges => _exchanges.ToArray();

    /// <summary>The exchanges of one case id.</summary>
    public IReadOnlyList<Exchange> ExchangesOf(string caseId) => _exchanges.Where(e => e.CaseId == caseId).ToList();

    /// <summary>The log (Faultline and Kestrel HTTP/2 categories), for failure messages.</summary>
    public string DescribeLog() =>
        Logs.Describe(LogLevel.Warning);

    public async Task InitializeAsync()
    {
        _app = FaultlineTestHost.CreateBuilder(Logs).Build();
        _app.Use(RecordAsync);
        _app.MapGrpcService<RichErrorsService>();
        Port = (await FaultlineTestHost.StartAsync(_app)).Single().Port;
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync().WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await _app.DisposeAsync();
        }
    }

    private async Task RecordAsync(HttpContext http, RequestDelegate next)
    {
        var exchange = new Exchange(http.Request.Path, http.Request.Headers["x-case-id"].ToString());
        _exchanges.Enqueue(exchange);
        try
        {
            await next(http);
        }
        finally
        {
            var headers = http.Response.Headers;
            var trailers = http.Features.Get<IHttpResponseTrailersFeature>()?.Trailers;
            var inTrailers = trailers is not null && trailers.ContainsKey("grpc-status");
            var block = inTrailers ? trailers! : headers;
            exchange.StatusIn = inTrailers ? "trailers" : headers.ContainsKey("grpc-status") ? "headers (Trailers-Only)" : "nowhere";
            exchange.GrpcStatus = block["grpc-status"].ToString();
            exchange.GrpcMessage = block.TryGetValue("grpc-message", out var message) ? message.ToString() : null;
            exchange.StatusDetails = block.TryGetValue(GrpcException.StatusDetailsTrailer, out var details) ? details.ToString() : null;
        }
    }

    /// <summary>One request and the status block the server wrote for it (raw header values).</summary>
    public sealed class Exchange(string path, string caseId)
    {
        public string Path { get; } = path;

        public string CaseId { get; } = caseId;

        public string StatusIn { get; set; } = "(running)";

        public string GrpcStatus { get; set; } = "";

        /// <summary>grpc-message as sent (percent-encoded), or null when absent.</summary>
        public string? GrpcMessage { get; set; }

        /// <summary>grpc-status-details-bin as sent (base64), or null when absent.</summary>
        public string? StatusDetails { get; set; }

        public override string ToString() =>
            $"POST {Path} x-case-id={CaseId} => status in {StatusIn}: grpc-status={GrpcStatus} grpc-message={GrpcMessage ?? "<absent>"} grpc-status-details-bin={StatusDetails ?? "<absent>"}";
    }
}
