using Faultline;
using Faultline.AspNetCore;
using Faultline.AspNetCore.Internal.Interception;
using Grpc.AspNetCore.Server;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="ServerInterceptor"/>s on grpc-dotnet services.</summary>
public static class ServerInterceptorRegistrationExtensions
{
    /// <summary>
    /// Adds <typeparamref name="TInterceptor"/> to every service's chain, after the interceptors
    /// registered before it. It is created once, from the container (its constructor may take services).
    /// </summary>
    /// <param name="builder">The builder <c>AddGrpc()</c> returned.</param>
    /// <param name="appliesTo">Which methods it handles (all when null), e.g. <c>m =&gt; m.Service == "Greeter"</c>.</param>
    public static IGrpcServerBuilder AddServerInterceptor<TInterceptor>(this IGrpcServerBuilder builder, Func<GrpcMethodName, bool>? appliesTo = null)
        where TInterceptor : ServerInterceptor
    {
        ArgumentNullException.ThrowIfNull(builder);
        return Register(builder, ServerInterceptorRegistrations.FromContainer<TInterceptor>(), appliesTo);
    }

    /// <summary>Adds <paramref name="interceptor"/> to every service's chain, after the interceptors registered before it.</summary>
    /// <param name="builder">The builder <c>AddGrpc()</c> returned.</param>
    /// <param name="interceptor">The instance; it handles calls concurrently.</param>
    /// <param name="appliesTo">Which methods it handles (all when null).</param>
    public static IGrpcServerBuilder AddServerInterceptor(this IGrpcServerBuilder builder, ServerInterceptor interceptor, Func<GrpcMethodName, bool>? appliesTo = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(interceptor);
        return Register(builder, _ => interceptor, appliesTo);
    }

    private static IGrpcServerBuilder Register(IGrpcServerBuilder builder, Func<IServiceProvider, ServerInterceptor> create, Func<GrpcMethodName, bool>? appliesTo)
    {
        var services = builder.Services;
        if (!services.Any(d => d.ServiceType == typeof(ServerInterceptorChain)))
        {
            // The chain takes its place among grpc-dotnet's interceptors where the first registration is made.
            services.TryAddSingleton<ServerInterceptorChain>();
            services.Configure<GrpcServiceOptions>(options => options.Interceptors.Add<ServerInterceptorChain>());
        }

        services.Configure<ServerInterceptorRegistrations>(registrations => registrations.Add(create, appliesTo));
        return builder;
    }
}
