using System.Net;
using Faultline.Bench;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Faultline.LoadTest;

/// <summary>A Kestrel h2c application on an ephemeral loopback port.</summary>
internal sealed class BenchServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BenchServer(string name, WebApplication app, Uri address)
    {
        Name = name;
        _app = app;
        Address = address;
    }

    public string Name { get; }

    public Uri Address { get; }

    /// <summary>The servers the load test knows, by name.</summary>
    public static readonly IReadOnlyList<string> Kinds = ["raw", "faultline", "faultline-nofallback"];

    /// <summary>
    /// Starts a server: <c>raw</c>, the hand-written baseline (the same call as a plain request
    /// delegate); <c>faultline</c>, the Faultline server hosting <see cref="EchoService"/> with default
    /// options; <c>faultline-nofallback</c>, the same with <c>MapUnimplementedCalls = false</c> (no
    /// UNIMPLEMENTED fallback routes), to measure what those routes cost every call.
    /// </summary>
    public static Task<BenchServer> StartAsync(string kind) => kind switch
    {
        "raw" => StartAsync(kind, _ => { }, app => app.MapPost(EchoMethods.UnaryPath, (RequestDelegate)RawEchoHandler.HandleAsync)),
        "faultline" => StartAsync(kind, builder => builder.Services.AddFaultline(), app => app.MapGrpcService<EchoService>()),
        "faultline-nofallback" => StartAsync(kind, builder => builder.Services.AddFaultline(o => o.MapUnimplementedCalls = false), app => app.MapGrpcService<EchoService>()),
        _ => throw new ArgumentException($"Unknown server '{kind}'; known: {string.Join(", ", Kinds)}.", nameof(kind)),
    };

    private static async Task<BenchServer> StartAsync(string name, Action<WebApplicationBuilder> configure, Action<WebApplication> map)
    {
        // Identical hosting for both: slim builder, no logging providers, one h2c (prior knowledge) endpoint.
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        configure(builder);

        var app = builder.Build();
        map(app);
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new BenchServer(name, app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
