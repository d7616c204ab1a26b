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
        var service = Activator.Create(call.HttpContext, out var created);
        Task<TResponse> invocation;
        try
        {
            invocation = _invoker(service, request, call);
        }
        catch (Exception ex)
        {
            invocation = Task.FromException<TResponse>(ex);
        }

        // No closure, no await in a finally (which rethrows) and no rethrow: a failure goes to the status mapping as it is.
        await ((Task)invocation).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await Activator.ReleaseAsync(service, created).ConfigureAwait(false);
        if (invocation.IsFaulted)
        {
            call.Failure = invocation.Exception!.InnerException;
            return;
        }

        // Completed, or cancelled (rare: awaiting rethrows its OperationCanceledException as before).
        var response = await invocation.ConfigureAwait(false);
        await WriteSingleResponseAsync(call, response, Method.ResponseMarshaller).ConfigureAwait(false);
    }
}
