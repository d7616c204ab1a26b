using System.Reflection;
using Grpc.AspNetCore.Server;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Faultline.AspNetCore.Internal.Deserialization;

/// <summary>
/// grpc-dotnet's internal provider and binder of generated services, found by name. grpc-dotnet has
/// no public way to change a bound method's request deserializer; if a future version renames these
/// types, <see cref="TryInstall"/> leaves grpc-dotnet's registration as it is (malformed requests then
/// fail as grpc-dotnet fails them) rather than break the service.
/// </summary>
internal static class GrpcDotnetBinding
{
    private const string ProviderTypeName = "Grpc.AspNetCore.Server.Model.Internal.BinderServiceMethodProvider`1";
    private const string BinderTypeName = "Grpc.AspNetCore.Server.Model.Internal.ProviderServiceBinder`1";

    public static readonly Type? ProviderType = typeof(GrpcServiceOptions).Assembly.GetType(ProviderTypeName);

    private static readonly Type? BinderType = typeof(GrpcServiceOptions).Assembly.GetType(BinderTypeName);

    /// <summary>Puts <see cref="GuardedServiceMethodProvider{TService}"/> where grpc-dotnet's provider is registered; false when it cannot.</summary>
    public static bool TryInstall(IServiceCollection services)
    {
        if (ProviderType is null || BinderType is null)
        {
            return false;
        }

        // AddGrpc() may have run again since an earlier AddFaultline(), registering grpc-dotnet's provider once more.
        var installed = services.Any(d => d.ImplementationType == typeof(GuardedServiceMethodProvider<>));
        for (var i = services.Count - 1; i >= 0; i--)
        {
            var descriptor = services[i];
            if (descriptor.ServiceType != typeof(IServiceMethodProvider<>) || descriptor.ImplementationType != ProviderType)
            {
                continue;
            }

            if (installed)
            {
                services.RemoveAt(i);
            }
            else
            {
                services[i] = ServiceDescriptor.Singleton(typeof(IServiceMethodProvider<>), typeof(GuardedServiceMethodProvider<>));
                installed = true;
            }
        }

        return installed;
    }

    /// <summary>grpc-dotnet's binder for <paramref name="context"/>, or null when its constructor is not the one known.</summary>
    public static ServiceBinderBase? CreateBinder<TService>(ServiceMethodProviderContext<TService> context, Type serviceBase)
        where TService : class
    {
        var constructor = BinderType!.MakeGenericType(typeof(TService)).GetConstructor(
            BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public, [typeof(ServiceMethodProviderContext<TService>), typeof(Type)]);
        return constructor?.Invoke([context, serviceBase]) as ServiceBinderBase;
    }
}
