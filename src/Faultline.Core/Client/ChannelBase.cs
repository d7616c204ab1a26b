namespace Faultline;

/// <summary>A connection to a gRPC server that can start calls.</summary>
public abstract class ChannelBase
{
    /// <summary>Creates a channel for <paramref name="target"/>.</summary>
    protected ChannelBase(string target) => Target = target;

    /// <summary>The address this channel calls.</summary>
    public string Target { get; }

    /// <summary>Returns an invoker that starts calls on this channel.</summary>
    public abstract CallInvoker CreateCallInvoker();
}
