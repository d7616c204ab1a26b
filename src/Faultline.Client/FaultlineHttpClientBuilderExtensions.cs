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
    /// (before or after this call), so they all see typed exceptions.
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

        // PostConfigure runs after every Configure, so this registration comes after (inside) all others.
        builder.Services.PostConfigure<GrpcClientFactoryOptions>(builder.Name, factoryOptions =>
            factoryOptions.InterceptorRegistrations.Add(new InterceptorRegistration(
                InterceptorScope.Channel,
                services => new FaultlineClientInterceptor(services.GetRequiredService<IOptionsMonitor<FaultlineClientOptions>>().Get(builder.Name)))));
        return builder;
    }
}
