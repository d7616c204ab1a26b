using System.Net;
using System.Security.Cryptography.X509Certificates;
using Faultline.FunctionalTests.Services;
using Faultline.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Faultline.FunctionalTests.Infrastructure;

/// <summary>A real Kestrel server on an ephemeral loopback port speaking h2c, hosting the test services.</summary>
public sealed class TestServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestServer(WebApplication app, LogSink logs, Uri address, Uri http1Address)
    {
        _app = app;
        Logs = logs;
        Address = address;
        Http1Address = http1Address;
    }

    public LogSink Logs { get; }

    /// <summary>The h2c endpoint.</summary>
    public Uri Address { get; }

    /// <summary>An HTTP/1.1-only endpoint of the same application.</summary>
    public Uri Http1Address { get; }

    public static async Task<TestServer> StartAsync(Action<FaultlineServerOptions>? configure = null, Action<WebApplication>? map = null, X509Certificate2? tlsCertificate = null)
    {
        var logs = new LogSink();
        var builder = FaultlineTestHost.CreateBuilder(
            logs,
            configure,
            tlsCertificate,
            // A second, HTTP/1.1-only endpoint lets tests check that HTTP/1.x calls are refused properly.
            kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http1));

        var app = builder.Build();
        app.MapGrpcService<TestService>();
        map?.Invoke(app);
        var addresses = await FaultlineTestHost.StartAsync(app);
        return new TestServer(app, logs, addresses[0], addresses[1]);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
