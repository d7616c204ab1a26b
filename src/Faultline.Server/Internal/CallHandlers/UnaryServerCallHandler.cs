namespace Faultline.Server.Internal.CallHandlers;

/// <summary>One request in, one response out.</summary>
internal sealed class UnaryServerCallHandler<TService, TRequest, TResponse> : ServerCallHandler<TService, TRequest, TResponse>
    where TService : class
    where TRequest : class
    where TResponse : class
{
    private readonly UnaryServerMethod<TService, TRequest, TResponse> _invoker;

    public UnaryServerCallHandler(Method<TRequest, TResponse> method, UnaryServerMethod<TService, TRequest, TResponse> invoker, ServerCallServices services, ServiceActivator<TService> activator, TimeProvider time)
        : base(method, services, activator, time) => _invoker = invoker;

    protected override async Task HandleCallCoreAsync(HttpServerCallContext call)
    {
        var request = await call.ReadSingleRequestAsync(Method.RequestMarshaller).ConfigureAwait(false);
        var response = await InvokeServiceAsync(call, service => _invoker(service, request, call)).ConfigureAwait(false);
        await WriteSingleResponseAsync(call, response, Method.ResponseMarshaller).ConfigureAwait(false);
    }
}
