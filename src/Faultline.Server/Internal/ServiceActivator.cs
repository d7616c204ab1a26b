using Microsoft.Extensions.DependencyInjection;

namespace Faultline.Server.Internal;

/// <summary>
/// Provides a service instance per call: the one registered in DI if any (its lifetime is DI's), or
/// a new one built with constructor injection, which is disposed when the call ends.
/// </summary>
internal sealed class ServiceActivator<TService>
    where TService : class
{
    private static readonly ObjectFactory Factory = ActivatorUtilities.CreateFactory(typeof(TService), Type.EmptyTypes);

    private readonly IServiceProvider _root;
    private readonly bool _needsRequestServices;

    public ServiceActivator(IServiceProvider root)
    {
        _root = root;
        var registered = root.GetService<IServiceProviderIsService>()?.IsService(typeof(TService)) ?? true;
        var constructors = typeof(TService).GetConstructors();
        var parameterless = constructors.Length == 1 && constructors[0].GetParameters().Length == 0;
        _needsRequestServices = registered || !parameterless;
    }

    /// <summary>
    /// Creates the service for a call. A service DI does not know, whose only constructor takes
    /// nothing, needs nothing from the request's services, so <c>HttpContext.RequestServices</c>
    /// (which creates a DI scope for the request on first use) is not touched.
    /// </summary>
    public TService Create(Microsoft.AspNetCore.Http.HttpContext http, out bool created)
    {
        if (!_needsRequestServices)
        {
            created = true;
            return (TService)Factory(_root, null);
        }

        return Create(http.RequestServices, out created);
    }

    public TService Create(IServiceProvider services, out bool created)
    {
        if (services.GetService(typeof(TService)) is TService registered)
        {
            created = false;
            return registered;
        }

        created = true;
        return (TService)Factory(services, null);
    }

    public ValueTask ReleaseAsync(TService service, bool created)
    {
        if (!created)
        {
            return ValueTask.CompletedTask;
        }

        if (service is IAsyncDisposable asyncDisposable)
        {
            return asyncDisposable.DisposeAsync();
        }

        (service as IDisposable)?.Dispose();
        return ValueTask.CompletedTask;
    }
}
