using Faultline.AspNetCore;
using Faultline.AspNetCore.Internal;
using Faultline.AspNetCore.Internal.Deserialization;
using Grpc.AspNetCore.Server;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Installs Faultline's server pipeline on grpc-dotnet services.</summary>
public static class FaultlineGrpcServerBuilderExtensions
{
    /// <summary>
    /// Installs the Faultline server pipeline outermost on every gRPC service, for all four call kinds:
    /// <c>builder.Services.AddGrpc().AddFaultline()</c>. Exceptions and statuses become safe,
    /// size-bounded rich statuses; see <see cref="FaultlineServerOptions"/>. A request message that
    /// cannot be deserialized ends its call as INTERNAL (grpc-dotnet alone answers UNKNOWN).
    /// </summary>
    /// <param name="builder">The builder <c>AddGrpc()</c> returned.</param>
    /// <param name="configure">Changes to the default options; they are validated when the host starts.</param>
    public static IGrpcServerBuilder AddFaultline(this IGrpcServerBuilder builder, Action<FaultlineServerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        AddCore(builder.Services, Options.Options.DefaultName, configure);
        builder.Services.Configure<FaultlineCoverage>(coverage => coverage.AllServices = true);
        builder.Services.TryAddSingleton<FaultlineServerInterceptor>();
        builder.Services.Configure<GrpcServiceOptions>(options => InstallOutermost<FaultlineServerInterceptor>(options.Interceptors));
        return builder;
    }

    /// <summary>
    /// Installs the Faultline server pipeline on <typeparamref name="TService"/> only, outermost among
    /// that service's interceptors (grpc-dotnet runs global interceptors before per-service ones), with
    /// options of its own.
    /// </summary>
    /// <typeparam name="TService">The service type, as mapped with <c>MapGrpcService&lt;TService&gt;()</c>.</typeparam>
    /// <param name="builder">The builder <c>AddGrpc()</c> returned.</param>
    /// <param name="configure">Changes to the default options for this service.</param>
    public static IGrpcServerBuilder AddFaultline<TService>(this IGrpcServerBuilder builder, Action<FaultlineServerOptions>? configure = null)
        where TService : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        AddCore(builder.Services, ServiceFaultlineServerInterceptor<TService>.OptionsName, configure);
        builder.Services.Configure<FaultlineCoverage>(coverage => coverage.Services.Add(typeof(TService)));
        builder.Services.TryAddSingleton<ServiceFaultlineServerInterceptor<TService>>();
        builder.AddServiceOptions<TService>(options => InstallOutermost<ServiceFaultlineServerInterceptor<TService>>(options.Interceptors));
        return builder;
    }

    private static void AddCore(IServiceCollection services, string optionsName, Action<FaultlineServerOptions>? configure)
    {
        var options = services.AddOptions<FaultlineServerOptions>(optionsName);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FaultlineServerOptions>, FaultlineServerOptionsValidator>());
        services.TryAddSingleton<DetailedErrorsSetting>();
        JsonTranscodingErrorTypes.Register(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton(typeof(IServiceMethodProvider<>), typeof(GuardedServiceMethodProvider<>)));
    }

    // Registered in DI as a singleton, the interceptor is not created per call (grpc-dotnet's
    // activator resolves it from the container when the registration has no arguments).
    private static void InstallOutermost<TInterceptor>(InterceptorCollection interceptors)
        where TInterceptor : Interceptor
    {
        if (interceptors.Any(registration => registration.Type == typeof(TInterceptor)))
        {
            return;
        }

        interceptors.Add<TInterceptor>();
        var registration = interceptors[^1];
        interceptors.RemoveAt(interceptors.Count - 1);
        interceptors.Insert(0, registration);
    }
}
