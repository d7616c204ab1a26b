namespace Faultline;

/// <summary>
/// Receives the methods of a service. Generated code calls the <c>Add*Method</c> overloads from its
/// static <c>BindService</c> method; a server implements this to route calls to the methods.
/// </summary>
/// <typeparam name="TService">The service implementation type.</typeparam>
public abstract class ServiceMethodBinder<TService>
    where TService : class
{
    /// <summary>Adds a unary method.</summary>
    public abstract void AddUnaryMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TService, TRequest, TResponse> invoker)
        where TRequest : class
        where TResponse : class;

    /// <summary>Adds a client-streaming method.</summary>
    public abstract void AddClientStreamingMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TService, TRequest, TResponse> invoker)
        where TRequest : class
        where TResponse : class;

    /// <summary>Adds a server-streaming method.</summary>
    public abstract void AddServerStreamingMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TService, TRequest, TResponse> invoker)
        where TRequest : class
        where TResponse : class;

    /// <summary>Adds a duplex-streaming method.</summary>
    public abstract void AddDuplexStreamingMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TService, TRequest, TResponse> invoker)
        where TRequest : class
        where TResponse : class;
}
