using Faultline.AspNetCore;
using Faultline.FunctionalTests.Services;
using Grpc.AspNetCore.Server;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Faultline.FunctionalTests.Infrastructure;

/// <summary>
/// A real Kestrel server (h2c on 127.0.0.1, ephemeral port) hosting <see cref="CallsService"/>, with
/// the Faultline server pipeline unless <c>faultline: false</c>, and its logs in <see cref="Logs"/>.
/// </summary>
public sealed class CallsServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<GrpcChannel> _channels = [];

    private CallsServer(WebApplication app, LogSink logs, IReadOnlyList<Uri> addresses)
    {
        _app = app;
        Logs = logs;
        Addresses = addresses;
    }

    public LogSink Logs { get; }

    /// <summary>The h2c address.</summary>
    public Uri Address => Addresses[0];

    /// <summary>Every address, in the order the listeners were added (<c>kestrel</c> may add more).</summary>
    public IReadOnlyList<Uri> Addresses { get; }

    public IServiceProvider Services => _app.Services;

    public AttemptLog Attempts => _app.Services.GetRequiredService<AttemptLog>();

    public static async Task<CallsServer> StartAsync(
        Action<FaultlineServerOptions>? faultlineOptions = null,
        Action<GrpcServiceOptions>? grpcOptions = null,
        bool faultline = true,
        Action<WebApplicationBuilder>? configureBuilder = null,
        Action<WebApplication>? configureApp = null,
        Action<KestrelServerOptions>? kestrel = null)
    {
        var logs = new LogSink();
        var builder = FaultlineTestHost.CreateBuilder(logs, faultlineOptions, grpcOptions, faultline, kestrel: kestrel);
        builder.Services.AddSingleton<AttemptLog>();
        configureBuilder?.Invoke(builder);
        var app = builder.Build();
        app.MapGrpcService<CallsService>();
        configureApp?.Invoke(app);
        var addresses = await FaultlineTestHost.StartAsync(app);
        return new CallsServer(app, logs, addresses);
    }

    /// <summary>A channel to this server, disposed with it.</summary>
    public GrpcChannel CreateChannel(Action<GrpcChannelOptions>? configure = null)
    {
        var options = new GrpcChannelOptions();
        configure?.Invoke(options);
        var channel = GrpcChannel.ForAddress(Address, options);
        _channels.Add(channel);
        return channel;
    }

    /// <summary>A client with the Faultline client pipeline.</summary>
    public Calls.CallsClient CreateFaultlineClient(Action<Faultline.Client.FaultlineClientOptions>? configure = null, Action<GrpcChannelOptions>? channel = null) =>
        new(CreateChannel(channel).WithFaultline(configure));

    /// <summary>A plain grpc-dotnet client, as an application without Faultline has it.</summary>
    public Calls.CallsClient CreatePlainClient(Action<GrpcChannelOptions>? channel = null) => new(CreateChannel(channel));

    public async ValueTask DisposeAsync()
    {
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
