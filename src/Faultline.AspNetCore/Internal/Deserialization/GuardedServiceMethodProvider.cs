using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Faultline.AspNetCore.Internal.Deserialization;

/// <summary>
/// Takes the place of grpc-dotnet's provider of the methods of Grpc.Tools-generated services, and
/// binds them the same way, through grpc-dotnet's own binder, with request deserializers guarded,
/// for the services a Faultline pipeline covers. Any other service, and any service whose generated
/// code this cannot read, is bound by grpc-dotnet's provider itself.
/// </summary>
internal sealed class GuardedServiceMethodProvider<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.All)] TService> : IServiceMethodProvider<TService>
    where TService : class
{
    private static readonly Type GrpcDotnetProviderType = GrpcDotnetBinding.ProviderType!.MakeGenericType(typeof(TService));

    private readonly IServiceProvider _services;
    private readonly FaultlineCoverage _coverage;
    private readonly ILogger _logger;

    public GuardedServiceMethodProvider(IServiceProvider services, IOptions<FaultlineCoverage> coverage, ILoggerFactory loggerFactory)
    {
        _services = services;
        _coverage = coverage.Value;
        _logger = loggerFactory.CreateLogger("Faultline.AspNetCore.Server");
    }

    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<TService> context)
    {
        // AddGrpc() called again after AddFaultline() registers grpc-dotnet's provider once more; it
        // then binds the service, and binding it here too would map every method twice.
        if (_services.GetServices<IServiceMethodProvider<TService>>().Any(provider => provider.GetType() == GrpcDotnetProviderType))
        {
            if (_coverage.Covers(typeof(TService)))
            {
                ServerLog.RequestGuardNotInstalled(_logger, typeof(TService).Name);
            }

            return;
        }

        if (!_coverage.Covers(typeof(TService)) || FindBindMethod(typeof(TService)) is not { } bind || GrpcDotnetBinding.CreateBinder(context, bind.ServiceBase) is not { } binder)
        {
            ((IServiceMethodProvider<TService>)ActivatorUtilities.CreateInstance(_services, GrpcDotnetProviderType)).OnServiceMethodDiscovery(context);
            return;
        }

        try
        {
            bind.Method.Invoke(null, [new GuardingServiceBinder(binder), null]);
        }
        catch (TargetInvocationException ex)
        {
            throw new InvalidOperationException($"Error binding gRPC service '{typeof(TService).Name}'.", ex.InnerException);
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
