using System.Collections.Concurrent;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Faultline.AspNetCore.Internal;

/// <summary>
/// grpc-dotnet's <c>EnableDetailedErrors</c> for the service of a call: the per-service value
/// (<c>AddServiceOptions&lt;TService&gt;</c>) when set, else the global one. Read only when a call fails.
/// </summary>
internal sealed class DetailedErrorsSetting
{
    private readonly IServiceProvider _services;
    private readonly IOptions<GrpcServiceOptions> _global;
    private readonly ConcurrentDictionary<Type, bool> _byService = new();

    public DetailedErrorsSetting(IServiceProvider services, IOptions<GrpcServiceOptions> global)
    {
        _services = services;
        _global = global;
    }

    public bool IsEnabled(ServerCallContext context)
    {
        var serviceType = context.GetHttpContext().GetEndpoint()?.Metadata.GetMetadata<GrpcMethodMetadata>()?.ServiceType;
        return serviceType is null
            ? _global.Value.EnableDetailedErrors ?? false
            : _byService.GetOrAdd(serviceType, ReadForService, this);
    }

    private static bool ReadForService(Type serviceType, DetailedErrorsSetting setting)
    {
        var optionsType = typeof(IOptions<>).MakeGenericType(typeof(GrpcServiceOptions<>).MakeGenericType(serviceType));
        var options = setting._services.GetService(optionsType);
        var value = options?.GetType().GetProperty(nameof(IOptions<GrpcServiceOptions>.Value))?.GetValue(options) as GrpcServiceOptions;
        // As grpc-dotnet merges them: the service's own value when set, else the global one.
        return value?.EnableDetailedErrors ?? setting._global.Value.EnableDetailedErrors ?? false;
    }
}
