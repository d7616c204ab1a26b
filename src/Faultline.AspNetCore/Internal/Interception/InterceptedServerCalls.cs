using Grpc.Core;

namespace Faultline.AspNetCore.Internal.Interception;

/// <summary>A unary call: the request is settable; proceeding runs the rest with it and returns the response.</summary>
internal sealed class UnaryServerCall<TRequest, TResponse>(ServerInterceptor interceptor, GrpcMethodName method, ServerCallContext context, TRequest request, UnaryServerMethod<TRequest, TResponse> continuation)
    : ServerCall(MethodType.Unary, method, context)
    where TRequest : class
    where TResponse : class
{
    private TRequest _request = request;

    public override object? Request
    {
        get => _request;
        set => _request = MessageCast.To<TRequest>(value, interceptor, this);
    }

    public override object? RequestStream => null;

    public override object? ResponseStream => null;

    internal override async ValueTask<object?> ProceedAsync()
    {
        var request = interceptor.HooksRequests ? MessageCast.To<TRequest>(interceptor.OnRequestMessage(this, _request), interceptor, this) : _request;
        var response = await continuation(request, Context).ConfigureAwait(false);
        return interceptor.HooksResponses && response is not null ? interceptor.OnResponseMessage(this, response) : response;
    }
}

/// <summary>A client-streaming call: proceeding runs the rest with the (hooked) request stream and returns the response.</summary>
internal sealed class ClientStreamingServerCall<TRequest, TResponse>(ServerInterceptor interceptor, GrpcMethodName method, ServerCallContext context, IAsyncStreamReader<TRequest> requestStream, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    : ServerCall(MethodType.ClientStreaming, method, context)
    where TRequest : class
    where TResponse : class
{
    public override object? Request
    {
        get => null;
        set => throw new InvalidOperationException($"{Method} is a client-streaming call: it has a request stream, not a request.");
    }

    public override object? RequestStream => requestStream;

    public override object? ResponseStream => null;

    internal override async ValueTask<object?> ProceedAsync()
    {
        var stream = interceptor.HooksRequests ? new HookedRequestStream<TRequest>(requestStream, interceptor, this) : requestStream;
        var response = await continuation(stream, Context).ConfigureAwait(false);
        return interceptor.HooksResponses && response is not null ? interceptor.OnResponseMessage(this, response) : response;
    }
}

/// <summary>A server-streaming call: the request is settable; proceeding runs the rest with the (hooked) response stream.</summary>
internal sealed class ServerStreamingServerCall<TRequest, TResponse>(ServerInterceptor interceptor, GrpcMethodName method, ServerCallContext context, TRequest request, IServerStreamWriter<TResponse> responseStream, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    : ServerCall(MethodType.ServerStreaming, method, context)
    where TRequest : class
    where TResponse : class
{
    private TRequest _request = request;

    public override object? Request
    {
        get => _request;
        set => _request = MessageCast.To<TRequest>(value, interceptor, this);
    }

    public override object? RequestStream => null;

    public override object? ResponseStream => responseStream;

    internal override async ValueTask<object?> ProceedAsync()
    {
        var request = interceptor.HooksRequests ? MessageCast.To<TRequest>(interceptor.OnRequestMessage(this, _request), interceptor, this) : _request;
        var stream = interceptor.HooksResponses ? new HookedResponseStream<TResponse>(responseStream, interceptor, this) : responseStream;
        await continuation(request, stream, Context).ConfigureAwait(false);
        return null;
    }
}

/// <summary>A duplex call: proceeding runs the rest with the (hooked) request and response streams.</summary>
internal sealed class DuplexStreamingServerCall<TRequest, TResponse>(ServerInterceptor interceptor, GrpcMethodName method, ServerCallContext context, IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    : ServerCall(MethodType.DuplexStreaming, method, context)
    where TRequest : class
    where TResponse : class
{
    public override object? Request
    {
        get => null;
        set => throw new InvalidOperationException($"{Method} is a duplex call: it has a request stream, not a request.");
    }

    public override object? RequestStream => requestStream;

    public override object? ResponseStream => responseStream;

    internal override async ValueTask<object?> ProceedAsync()
    {
        var requests = interceptor.HooksRequests ? new HookedRequestStream<TRequest>(requestStream, interceptor, this) : requestStream;
        var responses = interceptor.HooksResponses ? new HookedResponseStream<TResponse>(responseStream, interceptor, this) : responseStream;
        await continuation(requests, responses, Context).ConfigureAwait(false);
        return null;
    }
}
