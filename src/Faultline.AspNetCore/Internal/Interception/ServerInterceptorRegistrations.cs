using Microsoft.Extensions.DependencyInjection;

namespace Faultline.AspNetCore.Internal.Interception;

/// <summary>One interceptor of the chain and the selector it was registered with.</summary>
internal readonly record struct ServerInterceptorEntry(ServerInterceptor Interceptor, Func<GrpcMethodName, bool>? Selector);

/// <summary>What <c>AddServerInterceptor</c> registered, in order: instances, or types created once from the container.</summary>
internal sealed class ServerInterceptorRegistrations
{
    private readonly List<(Func<IServiceProvider, ServerInterceptor> Create, Func<GrpcMethodName, bool>? Selector)> _registrations = [];

    public void Add(Func<IServiceProvider, ServerInterceptor> create, Func<GrpcMethodName, bool>? selector) => _registrations.Add((create, selector));

    public ServerInterceptorEntry[] Resolve(IServiceProvider services) =>
        [.. _registrations.Select(r => new ServerInterceptorEntry(r.Create(services), r.Selector))];

    public static Func<IServiceProvider, ServerInterceptor> FromContainer<TInterceptor>()
        where TInterceptor : ServerInterceptor =>
        static services => services.GetService<TInterceptor>() ?? ActivatorUtilities.CreateInstance<TInterceptor>(services);
}
