using Faultline.Client;
using Faultline.Client.Internal;
using Grpc.Net.ClientFactory;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Installs Faultline's client pipeline on clients made by the gRPC client factory.</summary>
public static class FaultlineHttpClientBuilderExtensions
{
    /// <summary>
    /// Makes every failed call of this client throw the typed exception of its status with its details
    /// decoded: <c>services.AddGrpcClient&lt;Greeter.GreeterClient&gt;(...).AddFaultline()</c>. The
    /// pipeline goes closest to the channel, below every interceptor added with <c>AddInterceptor</c>
    /// (before or after this call), so they all see typed exceptions; the interceptors in
    /// <see cref="FaultlineClientOptions.Interceptors"/> go just above its translation, in their order.
    /// </summary>
    /// <param name="builder">The builder <c>AddGrpcClient</c> returned.</param>
    /// <param name="configure">Changes to the default options for this client.</param>
    public static IHttpClientBuilder AddFaultline(this IHttpClientBuilder builder, Action<FaultlineClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<FaultlineClientOptions>(builder.Name);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        // PostConfigure runs after every Configure, so these registrations come after (inside) all others.
        builder.Services.AddOptions<GrpcClientFactoryOptions>(builder.Name).PostConfigure<IOptionsMonitor<FaultlineClientOptions>>((factoryOptions, monitor) =>
        {
            foreach (var interceptor in FaultlineClientPipeline.Create(monitor.Get(builder.Name)))
            {
                factoryOptions.InterceptorRegistrations.Add(new InterceptorRegistration(InterceptorScope.Channel, _ => interceptor));
            }
        });
        return builder;
    }
}
