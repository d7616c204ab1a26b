namespace Faultline.Server.Internal.CallHandlers;

/// <summary>One request in, a stream of responses out.</summary>
internal sealed class ServerStreamingServerCallHandler<TService, TRequest, TResponse> : ServerCallHandler<TService, TRequest, TResponse>
    where TService : class
    where TRequest : class
    where TResponse : class
{
    private readonly ServerStreamingServerMethod<TService, TRequest, TResponse> _invoker;

    public ServerStreamingServerCallHandler(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TService, TRequest, TResponse> invoker, ServerCallServices services, ServiceActivator<TService> activator, TimeProvider time)
        : base(method, services, activator, time) => _invoker = invoker;

    protected override async Task HandleCallCoreAsync(HttpServerCallContext call)
    {
        var request = await call.ReadSingleRequestAsync(Method.RequestMarshaller).ConfigureAwait(false);
        var responses = new HttpResponseStreamWriter<TResponse>(call, Method.ResponseMarshaller);
        await InvokeServiceAsync(call, async service =>
        {
            await _invoker(service, request, responses, call).ConfigureAwait(false);
            return true;
        }).ConfigureAwait(false);
    }
}
