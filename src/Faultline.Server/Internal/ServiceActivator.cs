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
