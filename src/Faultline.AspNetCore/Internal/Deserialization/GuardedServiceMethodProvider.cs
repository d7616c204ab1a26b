using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace Faultline.AspNetCore.Internal.Deserialization;

/// <summary>
/// Runs after grpc-dotnet's provider of Grpc.Tools-generated services and, for the services a
/// Faultline pipeline covers, binds their gRPC methods again the same way, through grpc-dotnet's own
/// binder, with request deserializers guarded, in place of the ones grpc-dotnet bound. Being added
/// after it (rather than replacing it) keeps this true however often <c>AddGrpc()</c> is called.
/// Other services, and any whose generated code or grpc-dotnet model this cannot read, keep
/// grpc-dotnet's binding.
/// </summary>
internal sealed class GuardedServiceMethodProvider<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.All)] TService>(IOptions<FaultlineCoverage> coverage) : IServiceMethodProvider<TService>
    where TService : class
{
    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<TService> context)
    {
        if (!coverage.Value.Covers(typeof(TService))
            || !GrpcDotnetBinding.IsAvailable
            || GrpcDotnetBinding.MethodsOf(context) is not { } methods
            || FindBindMethod(typeof(TService)) is not { } bind
            || GrpcDotnetBinding.CreateBinder(context, bind.ServiceBase) is not { } binder)
        {
            return;
        }

        var bound = methods.Count;
        try
        {
            bind.Method.Invoke(null, [new GuardingServiceBinder(binder), null]);
        }
        catch (TargetInvocationException ex)
        {
            throw new InvalidOperationException($"Error binding gRPC service '{typeof(TService).Name}'.", ex.InnerException);
        }

        // Drop grpc-dotnet's binding of each route just bound again; other routes (JSON transcoding's) stay.
        var rebound = new HashSet<string?>(StringComparer.Ordinal);
        for (var i = bound; i < methods.Count; i++)
        {
            rebound.Add(GrpcDotnetBinding.RouteOf(methods[i]!));
        }

        for (var i = bound - 1; i >= 0; i--)
        {
            if (rebound.Contains(GrpcDotnetBinding.RouteOf(methods[i]!)))
            {
                methods.RemoveAt(i);
            }
        }
    }

    // Grpc.Tools marks the generated service base with the static method that binds it.
    private static (MethodInfo Method, Type ServiceBase)? FindBindMethod(Type serviceType)
    {
        for (var type = serviceType; type is not null; type = type.BaseType)
        {
            if (type.GetCustomAttribute<BindServiceMethodAttribute>() is { } attribute)
            {
                // The attribute is inherited: the generated base is the bind method's parameter type.
                var method = attribute.BindType.GetMethod(attribute.BindMethodName, BindingFlags.Public | BindingFlags.Static, [typeof(ServiceBinderBase), type]);
                return method is null ? null : (method, method.GetParameters()[1].ParameterType);
            }
        }

        return null;
    }
}
