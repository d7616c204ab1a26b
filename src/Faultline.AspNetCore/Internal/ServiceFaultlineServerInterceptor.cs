using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Faultline.AspNetCore.Internal;

/// <summary>The pipeline installed for one service only, with that service's named options.</summary>
internal sealed class ServiceFaultlineServerInterceptor<TService> : FaultlineServerInterceptor
    where TService : class
{
    public ServiceFaultlineServerInterceptor(IOptionsMonitor<FaultlineServerOptions> options, DetailedErrorsSetting detailedErrors, ILoggerFactory loggerFactory)
        : base(options.Get(OptionsName), detailedErrors, loggerFactory)
    {
    }

    /// <summary>The name of the per-service options.</summary>
    public static string OptionsName { get; } = "Faultline:" + typeof(TService).FullName;
}
