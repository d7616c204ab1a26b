using Faultline.AspNetCore;
using Faultline.Client;
using Grpc.AspNetCore.Server;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Faultline.Testing;

/// <summary>What <see cref="DummyServiceHost.StartAsync(DummyServiceHostOptions, CancellationToken)"/> serves and how.</summary>
public sealed class DummyServiceHostOptions
{
    /// <summary>The service's special cases; it echoes every other input. More may be added while it runs.</summary>
    public SpecialCases SpecialCases { get; init; } = new();

    /// <summary>
    /// The server's interceptors, outermost first, all inside the Faultline server pipeline. A
    /// <see cref="ServerInterceptor"/> is registered with <c>AddServerInterceptor(instance)</c> (they run
    /// as one chain, where the first of them stands); any other grpc-dotnet <see cref="Interceptor"/> is
    /// added to grpc-dotnet's own list. Instances serve calls concurrently.
    /// </summary>
    public IReadOnlyList<Interceptor> ServerInterceptors { get; init; } = [];

    /// <summary>Changes to the Faultline server pipeline's options (exception mappings, unexpected-exception code...).</summary>
    public Action<FaultlineServerOptions>? ConfigureFaultline { get; init; }

    /// <summary>Changes to grpc-dotnet's options, e.g. <c>EnableDetailedErrors</c>.</summary>
    public Action<GrpcServiceOptions>? ConfigureGrpc { get; init; }

    /// <summary>
    /// Anything else on the server, after the interceptors above: registrations with a method selector
    /// (<c>grpc.AddServerInterceptor(interceptor, appliesTo: m =&gt; m.Method == "Execute")</c>), services.
    /// </summary>
    public Action<IGrpcServerBuilder>? ConfigureServer { get; init; }

    /// <summary>The client's interceptors, outermost first, all outside the Faultline client pipeline (they see its typed exceptions).</summary>
    public IReadOnlyList<Interceptor> ClientInterceptors { get; init; } = [];

    /// <summary>Changes to the Faultline client pipeline's options.</summary>
    public Action<FaultlineClientOptions>? ConfigureClient { get; init; }

    /// <summary>Changes to the channel's options (its handler is the kit's on <see cref="DummyTransport.InMemory"/>).</summary>
    public Action<GrpcChannelOptions>? ConfigureChannel { get; init; }

    /// <summary>Real Kestrel (the default) or the in-memory TestServer.</summary>
    public DummyTransport Transport { get; init; } = DummyTransport.Kestrel;

    /// <summary>The lowest level <see cref="DummyServiceHost.Logs"/> records; Debug by default.</summary>
    public LogLevel MinimumLogLevel { get; init; } = LogLevel.Debug;

    /// <summary>A further logger provider for the server's logs (e.g. one writing to the test's output).</summary>
    public ILoggerProvider? LoggerProvider { get; init; }
}
