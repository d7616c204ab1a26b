using System.Collections.Concurrent;
using Faultline.RichInteropTests.Services;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Faultline.RichInteropTests.Infrastructure;

/// <summary>
/// The Faultline server of the suite: the shared test host (<see cref="FaultlineTestHost"/>: real
/// Kestrel, h2c on a free 127.0.0.1 port, <c>AddGrpc().AddFaultline()</c> with default options)
/// serving <see cref="RichErrorsService"/> and <see cref="RichErrorsDetailedService"/> (the latter with
/// <c>EnableDetailedErrors</c>). Records its log and, per request, the status block exactly as it
/// went on the wire, keyed by the request's <c>x-case-id</c> and <c>x-client</c> headers.
/// </summary>
public sealed class FaultlineRichServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<WireExchange> _exchanges = new();
    private WebApplication? _app;

    public LogSink Logs { get; } = new();

    public int Port { get; private set; }

    public string Address => $"http://127.0.0.1:{Port}";

    public AttemptLog Attempts => _app!.Services.GetRequiredService<AttemptLog>();

    /// <summary>The exchanges of one case id, from every client.</summary>
    public IReadOnlyList<WireExchange> ExchangesOf(string caseId) => _exchanges.Where(e => e.CaseId == caseId).ToList();

    /// <summary>The log (warnings and up, and every Faultline and Kestrel HTTP/2 record), for failure messages.</summary>
    public string DescribeLog() => Logs.Describe(LogLevel.Warning);

    public static async Task<FaultlineRichServer> StartAsync()
    {
        var server = new FaultlineRichServer();
        var builder = FaultlineTestHost.CreateBuilder(server.Logs);
        builder.Services.AddSingleton<AttemptLog>();
        builder.Services.AddGrpc().AddServiceOptions<RichErrorsDetailedService>(o => o.EnableDetailedErrors = true);
        server._app = builder.Build();
        server._app.Use(server.RecordAsync);
        server._app.MapGrpcService<RichErrorsService>();
        server._app.MapGrpcService<RichErrorsDetailedService>();
        server.Port = (await FaultlineTestHost.StartAsync(server._app).WaitAsync(TimeSpan.FromSeconds(30))).Single().Port;
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync().WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await _app.DisposeAsync();
        }
    }

    private async Task RecordAsync(HttpContext http, RequestDelegate next)
    {
        var exchange = new WireExchange(http.Request.Path, http.Request.Headers["x-case-id"].ToString(), http.Request.Headers["x-client"].ToString());
        _exchanges.Enqueue(exchange);
        try
        {
            await next(http);
        }
        finally
        {
            // grpc-dotnet puts the status in the response headers when nothing was sent (Trailers-Only),
            // else in the HTTP/2 trailers.
            var headers = http.Response.Headers;
            var trailers = http.Features.Get<IHttpResponseTrailersFeature>()?.Trailers;
            var inTrailers = trailers is not null && trailers.ContainsKey("grpc-status");
            exchange.Complete(
                inTrailers ? "trailers" : headers.ContainsKey("grpc-status") ? "headers (Trailers-Only)" : "nowhere",
                (inTrailers ? trailers! : headers).SelectMany(h => h.Value.Select(v => (h.Key, v ?? ""))).ToList());
        }
    }
}
