using System.Net;
using System.Security.Cryptography.X509Certificates;
using Faultline.AspNetCore;
using Grpc.AspNetCore.Server;
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
/// The common start of every real server in the tests: Kestrel on an ephemeral 127.0.0.1 port
/// speaking HTTP/2 only (h2c, or TLS with a certificate), grpc-dotnet with the Faultline server
/// pipeline (unless a test wants plain grpc-dotnet), and all logging going to a <see cref="LogSink"/>
/// so tests can check it. Each test project then maps its own services on the built application.
/// </summary>
public static class FaultlineTestHost
{
    /// <summary>A slim builder set up as above; <paramref name="kestrel"/> runs after the HTTP/2 listener is added (limits, more endpoints).</summary>
    /// <param name="logs">Where the server logs go.</param>
    /// <param name="configure">Faultline's options; ignored without <paramref name="faultline"/>.</param>
    /// <param name="grpc">grpc-dotnet's options (EnableDetailedErrors, interceptors...).</param>
    /// <param name="faultline">False for plain grpc-dotnet, without the Faultline pipeline.</param>
    /// <param name="tlsCertificate">Serve TLS with this certificate instead of h2c.</param>
    /// <param name="kestrel">Further Kestrel settings.</param>
    public static WebApplicationBuilder CreateBuilder(
        LogSink logs,
        Action<FaultlineServerOptions>? configure = null,
        Action<GrpcServiceOptions>? grpc = null,
        bool faultline = true,
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

        var grpcBuilder = builder.Services.AddGrpc(options => grpc?.Invoke(options));
        if (faultline)
        {
            grpcBuilder.AddFaultline(configure);
        }

        return builder;
    }

    /// <summary>Starts <paramref name="app"/> and returns the addresses it listens on, in the order the endpoints were added.</summary>
    public static async Task<IReadOnlyList<Uri>> StartAsync(WebApplication app)
    {
        await app.StartAsync();
        return app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Select(a => new Uri(a)).ToList();
    }
}
