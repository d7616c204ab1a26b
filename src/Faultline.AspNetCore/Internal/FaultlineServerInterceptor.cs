using Faultline.AspNetCore.Internal.Deserialization;
using Faultline.Internal.Wire;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Faultline.AspNetCore.Internal;

/// <summary>
/// The server pipeline, installed outermost for all four call kinds. A call that succeeds passes
/// through untouched and without allocating; one whose request could not be deserialized ends here
/// before anything else sees it (see <see cref="MalformedRequests"/>). A call that fails, by throwing (before or after any
/// number of streamed messages) or by returning with a status set, ends here: its status is written
/// through <see cref="ServerStatusWriter"/> and the handler's outcome is never rethrown, so
/// grpc-dotnet sends it without throwing again and without logging it a second time.
/// </summary>
internal class FaultlineServerInterceptor : Interceptor
{
    private readonly ServerStatusWriter _writer;

    public FaultlineServerInterceptor(IOptions<FaultlineServerOptions> options, DetailedErrorsSetting detailedErrors, ILoggerFactory loggerFactory)
        : this(options.Value, detailedErrors, loggerFactory)
    {
    }

    protected FaultlineServerInterceptor(FaultlineServerOptions options, DetailedErrorsSetting detailedErrors, ILoggerFactory loggerFactory)
    {
        _writer = new ServerStatusWriter(options, detailedErrors, loggerFactory.CreateLogger("Faultline.AspNetCore.Server"));
    }

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        if (MalformedRequests.TryTake(request, out var malformed))
        {
            return Task.FromResult(EndWithResponse<TResponse>(context, _writer.WriteException(context, malformed!)));
        }

        Task<TResponse> call;
        try
        {
            call = continuation(request, context);
        }
        catch (Exception ex)
        {
            return Task.FromResult(EndWithResponse<TResponse>(context, _writer.WriteException(context, ex)));
        }

        return Complete(call, context);
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Task<TResponse> call;
        try
        {
            call = continuation(requestStream, context);
        }
        catch (Exception ex)
        {
            return Task.FromResult(EndWithResponse<TResponse>(context, _writer.WriteException(context, ex)));
        }

        return Complete(call, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        if (MalformedRequests.TryTake(request, out var malformed))
        {
            _writer.WriteException(context, malformed!);
            return Task.CompletedTask;
        }

        Task call;
        try
        {
            call = continuation(request, responseStream, context);
        }
        catch (Exception ex)
        {
            _writer.WriteException(context, ex);
            return Task.CompletedTask;
        }

        return Complete(call, context);
    }

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Task call;
        try
        {
            call = continuation(requestStream, responseStream, context);
        }
        catch (Exception ex)
        {
            _writer.WriteException(context, ex);
            return Task.CompletedTask;
        }

        return Complete(call, context);
    }

    // The success path returns the handler's own task: no state machine, no allocation.
    private Task<TResponse> Complete<TResponse>(Task<TResponse> call, ServerCallContext context)
        where TResponse : class
    {
        if (call.IsCompletedSuccessfully && context.Status.StatusCode == StatusCode.OK)
        {
            return call;
        }

        return call.IsCompleted ? Task.FromResult(Finish(call, context)) : AwaitResponse(call, context);
    }

    private Task Complete(Task call, ServerCallContext context)
    {
        if (call.IsCompletedSuccessfully && context.Status.StatusCode == StatusCode.OK)
        {
            return call;
        }

        if (call.IsCompleted)
        {
            Finish(call, context);
            return Task.CompletedTask;
        }

        return AwaitStreaming(call, context);
    }

    private async Task<TResponse> AwaitResponse<TResponse>(Task<TResponse> call, ServerCallContext context)
        where TResponse : class
    {
        // Awaited without rethrowing: the handler's exception is read from the task, not thrown again.
        await ((Task)call).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return Finish(call, context);
    }

    private async Task AwaitStreaming(Task call, ServerCallContext context)
    {
        await call.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        Finish(call, context);
    }

    private TResponse Finish<TResponse>(Task<TResponse> call, ServerCallContext context)
        where TResponse : class
    {
        if (!call.IsCompletedSuccessfully)
        {
            return EndWithResponse<TResponse>(context, _writer.WriteException(context, ExceptionOf(call)));
        }

        if (context.Status.StatusCode != StatusCode.OK)
        {
            return EndWithResponse<TResponse>(context, _writer.WriteSetStatus(context));
        }

        return call.Result;
    }

    private void Finish(Task call, ServerCallContext context)
    {
        if (!call.IsCompletedSuccessfully)
        {
            _writer.WriteException(context, ExceptionOf(call));
        }
        else if (context.Status.StatusCode != StatusCode.OK)
        {
            _writer.WriteSetStatus(context);
        }
    }

    /// <summary>
    /// The response grpc-dotnet needs from a failed unary or client-streaming handler. The message is
    /// not sent: the response body is discarded from here on, so the client gets the status alone.
    /// </summary>
    private static TResponse EndWithResponse<TResponse>(ServerCallContext context, EncodedStatus status)
        where TResponse : class
    {
        var httpContext = context.GetHttpContext();
        if (ResponsePlaceholder<TResponse>.Instance is { } placeholder && IsNativeGrpc(httpContext.Request))
        {
            DiscardingResponseBodyFeature.Install(httpContext);
            return placeholder;
        }

        // No message to hand back (or a gRPC-Web / JSON call whose framing is not ours to discard):
        // let grpc-dotnet end the call from an exception carrying exactly this status.
        context.ResponseTrailers.Clear();
        throw new RpcException(status.Status, status.ToTrailers());
    }

    private static bool IsNativeGrpc(HttpRequest request) =>
        request.ContentType is { } contentType
        && contentType.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase)
        && !contentType.StartsWith("application/grpc-web", StringComparison.OrdinalIgnoreCase);

    private static Exception ExceptionOf(Task call) =>
        call.Exception?.InnerException ?? new TaskCanceledException(call);
}
