using System.Net;
using Faultline.Interop.Server.WireTap;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Faultline.Interop.Server;

/// <summary>Settings of the interop server.</summary>
public sealed record InteropServerOptions
{
    /// <summary>The port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>TLS (ALPN h2) with <see cref="Certificates"/> instead of h2c.</summary>
    public bool UseTls { get; init; }

    /// <summary>The TLS credentials; created when <see cref="UseTls"/> is set and this is null.</summary>
    public TestCertificates? Certificates { get; init; }

    /// <summary>Called for every finished call (e.g. to print it).</summary>
    public Action<CallRecord>? OnCallCompleted { get; init; }

    /// <summary>Extra logging configuration (providers, levels).</summary>
    public Action<ILoggingBuilder>? ConfigureLogging { get; init; }
}

/// <summary>Builds the interop server: Kestrel on 127.0.0.1 serving grpc.testing.TestService on Faultline.</summary>
public static class InteropServer
{
    /// <summary>Creates (does not start) the server application.</summary>
    public static WebApplication Build(InteropServerOptions options)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        options.ConfigureLogging?.Invoke(builder.Logging);

        var certificates = options.UseTls ? options.Certificates ?? TestCertificates.Create() : null;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // The interop cases send and receive up to ~300 KB messages; no other Kestrel limit matters.
            kestrel.Listen(IPAddress.Loopback, options.Port, listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                if (certificates is not null)
                {
                    listen.UseHttps(certificates.ServerCertificate);
                }
            });
        });
        builder.Services.AddFaultline();
        builder.Services.AddSingleton<WireLog>();
        if (certificates is not null)
        {
            builder.Services.AddSingleton(certificates);
        }

        var app = builder.Build();
        var log = app.Services.GetRequiredService<WireLog>();
        app.Use((http, next) => WireTapMiddleware.InvokeAsync(http, next, log, options.OnCallCompleted));
        app.MapGrpcService<TestServiceImpl>();
        return app;
    }

    /// <summary>The port a started server listens on.</summary>
    public static int GetPort(WebApplication app) =>
        new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First()).Port;

    /// <summary>What the server saw on the wire.</summary>
    public static WireLog GetWireLog(WebApplication app) => app.Services.GetRequiredService<WireLog>();
}
