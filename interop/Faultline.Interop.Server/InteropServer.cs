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

/// <summary>Settings of the interop server executable.</summary>
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

/// <summary>
/// The interop server: grpc.testing.TestService on grpc-dotnet with Faultline's server pipeline
/// (<c>AddGrpc().AddFaultline()</c>), behind the test-side wire tap. <see cref="Build"/> makes the whole
/// application as the executable runs it; a host that already has Kestrel and the Faultline pipeline
/// (e.g. a test's) takes <see cref="AddServices"/> and <see cref="Map"/> instead.
/// </summary>
public static class InteropServer
{
    /// <summary>Creates (does not start) the server application: Kestrel on 127.0.0.1, HTTP/2 only.</summary>
    public static WebApplication Build(InteropServerOptions options)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        options.ConfigureLogging?.Invoke(builder.Logging);

        var certificate = options.UseTls ? (options.Certificates ?? TestCertificates.Create()).ServerCertificate : null;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // The interop cases send and receive messages of up to ~300 KB; no other limit matters.
            kestrel.Listen(IPAddress.Loopback, options.Port, listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                if (certificate is not null)
                {
                    listen.UseHttps(certificate);
                }
            });
        });
        builder.Services.AddGrpc().AddFaultline();
        AddServices(builder.Services);

        var app = builder.Build();
        Map(app, options.OnCallCompleted);
        return app;
    }

    /// <summary>What the interop service needs besides <c>AddGrpc().AddFaultline()</c>.</summary>
    public static void AddServices(IServiceCollection services) => services.AddSingleton<WireLog>();

    /// <summary>Maps TestService behind the wire tap; <paramref name="onCallCompleted"/> sees every finished call.</summary>
    public static void Map(WebApplication app, Action<CallRecord>? onCallCompleted = null)
    {
        var log = app.Services.GetRequiredService<WireLog>();
        app.Use((http, next) => WireTapMiddleware.InvokeAsync(http, next, log, onCallCompleted));
        app.MapGrpcService<TestServiceImpl>();
    }

    /// <summary>The port a started server listens on.</summary>
    public static int GetPort(WebApplication app) =>
        new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First()).Port;

    /// <summary>What the server saw on the wire.</summary>
    public static WireLog GetWireLog(WebApplication app) => app.Services.GetRequiredService<WireLog>();
}
