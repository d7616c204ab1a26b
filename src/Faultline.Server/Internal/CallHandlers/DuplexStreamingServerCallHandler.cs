namespace Faultline.Server.Internal.CallHandlers;

/// <summary>A stream of requests in, a stream of responses out, independently.</summary>
internal sealed class DuplexStreamingServerCallHandler<TService, TRequest, TResponse> : ServerCallHandler<TService, TRequest, TResponse>
    where TService : class
    where TRequest : class
    where TResponse : class
{
    private readonly DuplexStreamingServerMethod<TService, TRequest, TResponse> _invoker;

    public DuplexStreamingServerCallHandler(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TService, TRequest, TResponse> invoker, ServerCallServices services, ServiceActivator<TService> activator, TimeProvider time)
        : base(method, services, activator, time) => _invoker = invoker;

    protected override async Task HandleCallCoreAsync(HttpServerCallContext call)
    {
        var requests = new HttpRequestStreamReader<TRequest>(call, Method.RequestMarshaller);
        var responses = new HttpResponseStreamWriter<TResponse>(call, Method.ResponseMarshaller);
        await InvokeServiceAsync(call, async service =>
        {
            await _invoker(service, requests, responses, call).ConfigureAwait(false);
            return true;
        }).ConfigureAwait(false);
    }
}
