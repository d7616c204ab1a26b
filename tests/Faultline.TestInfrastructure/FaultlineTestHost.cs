using System.Net;
using System.Security.Cryptography.X509Certificates;
using Faultline.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Faultline.TestInfrastructure;

/// <summary>
/// The common start of every real Faultline server in the tests: Kestrel on an ephemeral 127.0.0.1
/// port speaking HTTP/2 only (h2c, or TLS with a certificate), Faultline registered, and all logging
/// going to a <see cref="LogSink"/> so tests can check it. Each test project then maps its own services
/// and middleware on the built application.
/// </summary>
public static class FaultlineTestHost
{
    /// <summary>A slim builder set up as above; <paramref name="kestrel"/> runs after the HTTP/2 listener is added (limits, more endpoints).</summary>
    public static WebApplicationBuilder CreateBuilder(
        LogSink logs,
        Action<FaultlineServerOptions>? configure = null,
        X509Certificate2? tlsCertificate = null,
        Action<KestrelServerOptions>? kestrel = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.Logging.AddProvider(logs);
        builder.WebHost.ConfigureKestrel(options =>
        {
            options.Listen(IPAddress.Loopback, 0, listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                if (tlsCertificate is not null)
                {
                    listen.UseHttps(tlsCertificate);
                }
            });
            kestrel?.Invoke(options);
        });
        builder.Services.AddFaultline(configure);
        return builder;
    }

    /// <summary>Starts <paramref name="app"/> and returns the addresses it listens on, in the order the endpoints were added.</summary>
    public static async Task<IReadOnlyList<Uri>> StartAsync(WebApplication app)
    {
        await app.StartAsync();
        return app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Select(a => new Uri(a)).ToList();
    }
}
