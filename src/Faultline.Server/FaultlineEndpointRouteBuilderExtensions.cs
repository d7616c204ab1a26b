using Faultline.Server;
using Faultline.Server.Internal;
using Faultline.Server.Internal.Routing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps Faultline services onto an ASP.NET Core application's endpoints.</summary>
public static class FaultlineEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps every method of <typeparamref name="TService"/> (a class derived from a generated service
    /// base) to its gRPC path. Calls to unknown methods and services are answered UNIMPLEMENTED.
    /// </summary>
    /// <typeparam name="TService">The service implementation; created per call with constructor injection unless registered in DI.</typeparam>
    /// <param name="endpoints">The application's endpoints.</param>
    public static FaultlineServiceEndpointConventionBuilder MapGrpcService<TService>(this IEndpointRouteBuilder endpoints)
        where TService : class
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var services = endpoints.ServiceProvider.GetService<ServerCallServices>()
            ?? throw new InvalidOperationException("Faultline services are not registered: call builder.Services.AddFaultline() before app.MapGrpcService<T>().");
        var activator = endpoints.ServiceProvider.GetRequiredService<ServiceActivator<TService>>();
        var time = endpoints.ServiceProvider.GetService<TimeProvider>() ?? TimeProvider.System;

        var binder = new EndpointServiceMethodBinder<TService>(endpoints, services, activator, time);
        ServiceBinding.Bind(binder);

        if (services.Options.MapUnimplementedCalls)
        {
            foreach (var serviceName in binder.Methods.Select(m => m.ServiceName).Distinct())
            {
                UnimplementedEndpoints.MapForService(endpoints, services, serviceName);
            }
        }

        return new FaultlineServiceEndpointConventionBuilder(binder.EndpointBuilders);
    }
}
