using System.Net;
using Faultline.AspNetCore;
using Faultline.Testing.Internal;
using Grpc.AspNetCore.Server;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Faultline.Testing;

/// <summary>
/// grpc_interceptor's <c>dummy_client</c>: a <see cref="DummyServiceImplementation"/> served on real
/// Kestrel (127.0.0.1, ephemeral port, h2c) with <c>AddGrpc().AddFaultline()</c> and the given server
/// interceptors, and a <see cref="DummyService.DummyServiceClient"/> on Grpc.Net.Client with
/// <c>WithFaultline()</c> and the given client interceptors. Disposing it closes the channel and stops the server.
/// </summary>
/// <example>
/// <code>
/// await using var host = await DummyServiceHost.StartAsync(
///     new SpecialCases { { "error", SpecialCases.Raises(new NotFoundException()) } },
///     serverInterceptors: [new CountingInterceptor()]);
/// var reply = await host.Client.ExecuteAsync(new DummyRequest { Input = "hello" });   // "hello"
/// await Assert.ThrowsAsync&lt;NotFoundException&gt;(() => host.Client.ExecuteAsync(new DummyRequest { Input = "error" }).ResponseAsync);
/// </code>
/// </example>
public sealed class DummyServiceHost : IAsyncDisposable
{
    // A call left open by a test must not hold the host's disposal for grpc-dotnet's default 30 s.
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(5);

    private readonly WebApplication _app;
    private readonly DummyServiceHostOptions _options;
    private bool _disposed;

    private DummyServiceHost(WebApplication app, DummyServiceHostOptions options, LogCapture logs, Uri address, GrpcChannel channel)
    {
        _app = app;
        _options = options;
        Logs = logs;
        Address = address;
        Channel = channel;
        Client = CreateClient(options.ClientInterceptors);
    }

    /// <summary>The client: Faultline's client pipeline, under the client interceptors of the options.</summary>
    public DummyService.DummyServiceClient Client { get; }

    /// <summary>The channel to the server; a client made on it alone (<c>new DummyService.DummyServiceClient(host.Channel)</c>) is plain grpc-dotnet.</summary>
    public GrpcChannel Channel { get; }

    /// <summary>The server's address: <c>http://127.0.0.1:port</c> on Kestrel (other clients, other languages, may call it), <c>http://localhost/</c> in memory.</summary>
    public Uri Address { get; }

    /// <summary>Everything the server logged.</summary>
    public LogCapture Logs { get; }

    /// <summary>The service's special cases; adding one takes effect on the next call.</summary>
    public SpecialCases SpecialCases => _options.SpecialCases;

    /// <summary>The transport the client uses.</summary>
    public DummyTransport Transport => _options.Transport;

    /// <summary>The server's services.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>Starts a host (grpc_interceptor's <c>dummy_client(special_cases, interceptors)</c>).</summary>
    /// <param name="specialCases">The special cases; the service echoes every other input.</param>
    /// <param name="serverInterceptors">The server's interceptors, outermost first (see <see cref="DummyServiceHostOptions.ServerInterceptors"/>).</param>
    /// <param name="configureFaultline">Changes to the Faultline server pipeline's options.</param>
    /// <param name="clientInterceptors">The client's interceptors, outermost first, over the Faultline client pipeline.</param>
    public static Task<DummyServiceHost> StartAsync(
        SpecialCases? specialCases = null,
        IReadOnlyList<Interceptor>? serverInterceptors = null,
        Action<FaultlineServerOptions>? configureFaultline = null,
        IReadOnlyList<Interceptor>? clientInterceptors = null) =>
        StartAsync(new DummyServiceHostOptions
        {
            SpecialCases = specialCases ?? new SpecialCases(),
            ServerInterceptors = serverInterceptors ?? [],
            ConfigureFaultline = configureFaultline,
            ClientInterceptors = clientInterceptors ?? [],
        });

    /// <summary>Starts a host with every option.</summary>
    public static async Task<DummyServiceHost> StartAsync(DummyServiceHostOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var logs = new LogCapture(options.MinimumLogLevel);
        var app = Build(options, logs);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var (address, channel) = Connect(app, options);
            return new DummyServiceHost(app, options, logs, address, channel);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Another client on the same channel: Faultline's client pipeline under <paramref name="interceptors"/> (outermost first).</summary>
    public DummyService.DummyServiceClient CreateClient(params IEnumerable<Interceptor> interceptors)
    {
        ArgumentNullException.ThrowIfNull(interceptors);
        var invoker = Channel.WithFaultline(_options.ConfigureClient);
        var chain = interceptors.ToArray();
        return new DummyService.DummyServiceClient(chain.Length == 0 ? invoker : invoker.Intercept(chain));
    }

    /// <summary>Closes the channel, then stops the server.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Channel.Dispose();
        try
        {
            await _app.StopAsync().ConfigureAwait(false);
        }
        finally
        {
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static WebApplication Build(DummyServiceHostOptions options, LogCapture logs)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(options.MinimumLogLevel);
        builder.Logging.AddProvider(logs);
        if (options.LoggerProvider is { } provider)
        {
            builder.Logging.AddProvider(provider);
        }

        if (options.Transport == DummyTransport.InMemory)
        {
            builder.WebHost.UseTestServer();
        }
        else
        {
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        }

        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = ShutdownTimeout);
        builder.Services.AddSingleton(options.SpecialCases);
        var grpc = builder.Services.AddGrpc(grpcOptions => options.ConfigureGrpc?.Invoke(grpcOptions)).AddFaultline(options.ConfigureFaultline);
        foreach (var interceptor in options.ServerInterceptors)
        {
            AddServerInterceptor(grpc, interceptor);
        }

        options.ConfigureServer?.Invoke(grpc);
        var app = builder.Build();
        app.MapGrpcService<DummyServiceImplementation>();
        return app;
    }

    private static void AddServerInterceptor(IGrpcServerBuilder grpc, Interceptor interceptor)
    {
        ArgumentNullException.ThrowIfNull(interceptor, nameof(DummyServiceHostOptions.ServerInterceptors));
        if (interceptor is ServerInterceptor serverInterceptor)
        {
            grpc.AddServerInterceptor(serverInterceptor);
        }
        else
        {
            grpc.Services.Configure<GrpcServiceOptions>(grpcOptions => grpcOptions.Interceptors.Add<InstanceInterceptor>(interceptor));
        }
    }

    private static (Uri Address, GrpcChannel Channel) Connect(WebApplication app, DummyServiceHostOptions options)
    {
        var channelOptions = new GrpcChannelOptions();
        options.ConfigureChannel?.Invoke(channelOptions);
        if (options.Transport == DummyTransport.InMemory)
        {
            var server = app.GetTestServer();
            channelOptions.HttpHandler = server.CreateHandler();
            return (server.BaseAddress, GrpcChannel.ForAddress(server.BaseAddress, channelOptions));
        }

        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
        return (address, GrpcChannel.ForAddress(address, channelOptions));
    }
}
