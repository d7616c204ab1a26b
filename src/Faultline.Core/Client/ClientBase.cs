namespace Faultline;

/// <summary>Base class of generated clients.</summary>
public abstract class ClientBase
{
    /// <summary>Creates a client that starts calls on <paramref name="channel"/>.</summary>
    protected ClientBase(ChannelBase channel)
        : this((channel ?? throw new ArgumentNullException(nameof(channel))).CreateCallInvoker())
    {
    }

    /// <summary>Creates a client that starts calls with <paramref name="callInvoker"/>.</summary>
    protected ClientBase(CallInvoker callInvoker) => CallInvoker = callInvoker ?? throw new ArgumentNullException(nameof(callInvoker));

    /// <summary>The invoker calls go through.</summary>
    protected CallInvoker CallInvoker { get; }
}

/// <summary>Base class of generated clients, typed for fluent helpers.</summary>
/// <typeparam name="T">The concrete client type.</typeparam>
public abstract class ClientBase<T> : ClientBase
    where T : ClientBase<T>
{
    /// <inheritdoc />
    protected ClientBase(ChannelBase channel)
        : base(channel)
    {
    }

    /// <inheritdoc />
    protected ClientBase(CallInvoker callInvoker)
        : base(callInvoker)
    {
    }
}
