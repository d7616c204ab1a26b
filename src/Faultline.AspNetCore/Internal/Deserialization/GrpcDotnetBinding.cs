using System.Collections;
using System.Reflection;
using Grpc.AspNetCore.Server;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Microsoft.AspNetCore.Routing.Patterns;

namespace Faultline.AspNetCore.Internal.Deserialization;

/// <summary>
/// The internals of grpc-dotnet's model of a service that Faultline needs, found by name: its binder
/// of generated services, and the list of bound methods of a <see cref="ServiceMethodProviderContext{TService}"/>.
/// grpc-dotnet has no public way to change a bound method's request deserializer. If a future
/// version renames these, <see cref="IsAvailable"/> is false and grpc-dotnet's own binding stays
/// (malformed requests then fail as grpc-dotnet fails them) rather than break the service.
/// </summary>
internal static class GrpcDotnetBinding
{
    private static readonly Type? BinderType = typeof(GrpcServiceOptions).Assembly.GetType("Grpc.AspNetCore.Server.Model.Internal.ProviderServiceBinder`1");
    private static readonly Type? MethodModelType = typeof(GrpcServiceOptions).Assembly.GetType("Grpc.AspNetCore.Server.Model.Internal.MethodModel");
    private static readonly PropertyInfo? PatternProperty = MethodModelType?.GetProperty("Pattern", typeof(RoutePattern));

    public static bool IsAvailable => BinderType is not null && PatternProperty is not null;

    /// <summary>grpc-dotnet's binder for <paramref name="context"/>, or null when its constructor is not the one known.</summary>
    public static ServiceBinderBase? CreateBinder<TService>(ServiceMethodProviderContext<TService> context, Type serviceBase)
        where TService : class
    {
        var constructor = BinderType?.MakeGenericType(typeof(TService)).GetConstructor(
            BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public, [typeof(ServiceMethodProviderContext<TService>), typeof(Type)]);
        return constructor?.Invoke([context, serviceBase]) as ServiceBinderBase;
    }

    /// <summary>The methods bound so far in <paramref name="context"/>, or null when the list is not where it is known to be.</summary>
    public static IList? MethodsOf<TService>(ServiceMethodProviderContext<TService> context)
        where TService : class =>
        typeof(ServiceMethodProviderContext<TService>).GetProperty("Methods", BindingFlags.Instance | BindingFlags.NonPublic)?.GetValue(context) as IList;

    /// <summary>The route of a bound method (<c>/package.Service/Method</c> for gRPC, an HTTP rule's for JSON transcoding).</summary>
    public static string? RouteOf(object methodModel) => (PatternProperty?.GetValue(methodModel) as RoutePattern)?.RawText;
}
