using Microsoft.Extensions.DependencyInjection;

namespace Faultline.Server;

/// <summary>Returned by <c>AddFaultline</c> to chain further server configuration.</summary>
public sealed class FaultlineServerBuilder
{
    internal FaultlineServerBuilder(IServiceCollection services) => Services = services;

    /// <summary>The application's services.</summary>
    public IServiceCollection Services { get; }
}
