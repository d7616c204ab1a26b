using System.Net;
using System.Security.Cryptography.X509Certificates;
using Faultline.FunctionalTests.Services;
using Faultline.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

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
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.Logging.AddProvider(logs);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0, listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                if (tlsCertificate is not null)
                {
                    listen.UseHttps(tlsCertificate);
                }
            });
            // A second, HTTP/1.1-only endpoint lets tests check that HTTP/1.x calls are refused properly.
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http1);
        });
        builder.Services.AddFaultline(configure);

        var app = builder.Build();
        app.MapGrpcService<TestService>();
        map?.Invoke(app);
        await app.StartAsync();

        var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.ToList();
        return new TestServer(app, logs, new Uri(addresses[0]), new Uri(addresses[1]));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
