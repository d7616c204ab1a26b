using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;

namespace Faultline.Server.Internal.CallHandlers;

/// <summary>
/// The per-call pipeline shared by the four call kinds: validate the request, set up the call
/// context (headers, deadline), run the kind-specific part, map any failure to a status, and end
/// the call. Failures of framing, decompression and deserialization happen inside the kind-specific
/// part, so they meet the same exception-to-status mapping as the method's own exceptions.
/// </summary>
internal abstract class ServerCallHandler<TService, TRequest, TResponse>
    where TService : class
{
    protected ServerCallHandler(Method<TRequest, TResponse> method, ServerCallServices services, ServiceActivator<TService> activator, TimeProvider time)
    {
        Method = method;
        Services = services;
        Activator = activator;
        Time = time;
    }

    protected Method<TRequest, TResponse> Method { get; }

    protected ServerCallServices Services { get; }

    protected ServiceActivator<TService> Activator { get; }

    protected TimeProvider Time { get; }

    public async Task HandleCallAsync(HttpContext http)
    {
        if (!ProtocolValidation.TryAccept(http, Services))
        {
            return;
        }

        if (Method.Type is MethodType.ClientStreaming or MethodType.DuplexStreaming)
        {
            DisableRequestBodyLimits(http);
        }

        var call = new HttpServerCallContext(http, Services, Method, Time);
        Task core;
        try
        {
            core = HandleCallCoreAsync(call);
        }
        catch (Exception ex)
        {
            core = Task.FromException(ex);
        }

        // Observe a failure without rethrowing it: every rethrow of an exception costs microseconds.
        await core.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        var failure = call.Failure ?? core.Exception?.InnerException;
        if (core.IsCanceled)
        {
            // Rare: rethrowing is the only way to get the cancellation exception (and its token) back.
            try
            {
                await core.ConfigureAwait(false);
            }
            catch (OperationCanceledException ex)
            {
                failure = ex;
            }
        }

        var status = failure is null ? call.RichStatus : ExceptionStatusMapper.Map(call, failure);

        await call.EndCallAsync(status).ConfigureAwait(false);
    }

    /// <summary>Reads the request(s), runs the method and writes the response(s).</summary>
    protected abstract Task HandleCallCoreAsync(HttpServerCallContext call);

    /// <summary>Runs <paramref name="invoke"/> on a service instance for this call and releases it afterwards.</summary>
    protected async Task<TResult> InvokeServiceAsync<TResult>(HttpServerCallContext call, Func<TService, Task<TResult>> invoke)
    {
        var service = Activator.Create(call.HttpContext, out var created);
        try
        {
            return await invoke(service).ConfigureAwait(false);
        }
        finally
        {
            await Activator.ReleaseAsync(service, created).ConfigureAwait(false);
        }
    }

    /// <summary>A unary or client-streaming method must return a message unless it set an error status.</summary>
    protected static async Task WriteSingleResponseAsync(HttpServerCallContext call, TResponse? response, Marshaller<TResponse> marshaller)
    {
        if (response is null)
        {
            throw new GrpcException(new Status(StatusCode.Cancelled, "No message returned from method."));
        }

        if (!call.Status.IsOk)
        {
            // The method chose an error status; a response message would contradict it.
            return;
        }

        await call.WriteMessageAsync(response, marshaller, flush: false, call.CancellationToken).ConfigureAwait(false);
    }

    // Streams may stay open far longer, and send far more, than Kestrel's defaults for a request body allow.
    private static void DisableRequestBodyLimits(HttpContext http)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } maxSize)
        {
            maxSize.MaxRequestBodySize = null;
        }

        if (http.Features.Get<IHttpMinRequestBodyDataRateFeature>() is { } minRate)
        {
            minRate.MinDataRate = null;
        }
    }
}
