using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Faultline.Client.Tests.Infrastructure;

/// <summary>
/// An in-process Kestrel HTTP/2 endpoint on a dynamic loopback port whose handlers frame gRPC bytes by
/// hand. Each test registers its own paths, so one server serves the whole test run.
/// </summary>
public sealed class RawGrpcServer : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, RequestDelegate> _handlers = new(StringComparer.Ordinal);
    private readonly WebApplication _app;
    private int _next;

    private RawGrpcServer(X509Certificate2? certificate)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, 0, listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                if (certificate is not null)
                {
                    listen.UseHttps(certificate);
                }
            }));
        _app = builder.Build();
        _app.Run(context => _handlers.TryGetValue(context.Request.Path.Value ?? string.Empty, out var handler)
            ? handler(context)
            : NotFound(context));
        Scheme = certificate is null ? "http" : "https";
    }

    /// <summary>The scheme, http (h2c) or https.</summary>
    public string Scheme { get; }

    /// <summary>The base address, e.g. http://127.0.0.1:5123.</summary>
    public string Address { get; private set; } = string.Empty;

    public static async Task<RawGrpcServer> StartAsync(X509Certificate2? certificate = null)
    {
        var server = new RawGrpcServer(certificate);
        await server._app.StartAsync();
        var addresses = server._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        var port = new Uri(addresses.First()).Port;
        server.Address = $"{server.Scheme}://127.0.0.1:{port}";
        return server;
    }

    /// <summary>Registers a handler under a fresh method path and returns (service, method) names for it.</summary>
    public (string Service, string Method) Map(RequestDelegate handler)
    {
        var method = "M" + Interlocked.Increment(ref _next);
        _handlers["/test.Raw/" + method] = handler;
        return ("test.Raw", method);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static Task NotFound(HttpContext context)
    {
        context.Response.StatusCode = 404;
        return Task.CompletedTask;
    }
}
