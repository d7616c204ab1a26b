using Faultline.Server;
using Faultline.Server.Internal;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Faultline server in an application's services.</summary>
public static class FaultlineServiceCollectionExtensions
{
    /// <summary>
    /// Adds the Faultline gRPC server. Map services afterwards with <c>app.MapGrpcService&lt;T&gt;()</c>.
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="configure">Optional configuration of <see cref="FaultlineServerOptions"/>.</param>
    public static FaultlineServerBuilder AddFaultline(this IServiceCollection services, Action<FaultlineServerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddRouting();
        services.AddOptions<FaultlineServerOptions>();
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.TryAddSingleton<ServerCallServices>();
        services.TryAddSingleton(typeof(ServiceActivator<>));
        return new FaultlineServerBuilder(services);
    }
}
