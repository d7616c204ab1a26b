using Faultline.Client;
using Faultline.Client.Internal;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Faultline;

/// <summary>Installs Faultline's client pipeline on a channel or call invoker.</summary>
public static class FaultlineCallInvokerExtensions
{
    /// <summary>
    /// A call invoker over <paramref name="channel"/> on which every failed call throws the typed
    /// exception of its status (e.g. <see cref="NotFoundException"/>) with its details decoded:
    /// <c>new Greeter.GreeterClient(channel.WithFaultline())</c>. Interceptors in
    /// <see cref="FaultlineClientOptions.Interceptors"/> run inside the pipeline, in their order, and
    /// see the typed exceptions; so do interceptors added on top with <c>.Intercept(...)</c>.
    /// </summary>
    /// <param name="channel">The channel, e.g. a <c>GrpcChannel</c>.</param>
    /// <param name="configure">Changes to the default options.</param>
    public static CallInvoker WithFaultline(this ChannelBase channel, Action<FaultlineClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(channel);
        return channel.CreateCallInvoker().WithFaultline(configure);
    }

    /// <summary>The same as <see cref="WithFaultline(ChannelBase, Action{FaultlineClientOptions}?)"/>, over any call invoker.</summary>
    public static CallInvoker WithFaultline(this CallInvoker invoker, Action<FaultlineClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(invoker);
        var options = new FaultlineClientOptions();
        configure?.Invoke(options);
        return invoker.Intercept(FaultlineClientPipeline.Create(options));
    }
}
