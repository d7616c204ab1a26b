namespace Faultline.Server.Internal.CallHandlers;

/// <summary>A stream of requests in, one response out.</summary>
internal sealed class ClientStreamingServerCallHandler<TService, TRequest, TResponse> : ServerCallHandler<TService, TRequest, TResponse>
    where TService : class
    where TRequest : class
    where TResponse : class
{
    private readonly ClientStreamingServerMethod<TService, TRequest, TResponse> _invoker;

    public ClientStreamingServerCallHandler(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TService, TRequest, TResponse> invoker, ServerCallServices services, ServiceActivator<TService> activator, TimeProvider time)
        : base(method, services, activator, time) => _invoker = invoker;

    protected override async Task HandleCallCoreAsync(HttpServerCallContext call)
    {
        var requests = new HttpRequestStreamReader<TRequest>(call, Method.RequestMarshaller);
        var response = await InvokeServiceAsync(call, service => _invoker(service, requests, call)).ConfigureAwait(false);
        await WriteSingleResponseAsync(call, response, Method.ResponseMarshaller).ConfigureAwait(false);
    }
}
