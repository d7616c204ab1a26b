namespace Faultline.Client.Internal;

/// <summary>The invoker of a <see cref="GrpcChannel"/>: each call is one HTTP/2 request on the channel's handler.</summary>
internal sealed class HttpCallInvoker : CallInvoker
{
    private readonly GrpcChannel _channel;

    public HttpCallInvoker(GrpcChannel channel) => _channel = channel;

    /// <inheritdoc />
    public override TResponse BlockingUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
    {
        using var call = AsyncUnaryCall(method, host, options, request);
        return call.ResponseAsync.GetAwaiter().GetResult();
    }

    /// <inheritdoc />
    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var call = Create(method, options, singleResponse: true);
        call.StartWithRequest(request);
        return new AsyncUnaryCall<TResponse>(call.ResponseTask, call);
    }

    /// <inheritdoc />
    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var call = Create(method, options, singleResponse: false);
        call.StartWithRequest(request);
        return new AsyncServerStreamingCall<TResponse>(new ResponseStreamReader<TRequest, TResponse>(call), call);
    }

    /// <inheritdoc />
    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options)
    {
        var call = Create(method, options, singleResponse: true);
        call.StartWithRequestStream();
        return new AsyncClientStreamingCall<TRequest, TResponse>(new RequestStreamWriter<TRequest, TResponse>(call, options.WriteOptions), call.ResponseTask, call);
    }

    /// <inheritdoc />
    public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options)
    {
        var call = Create(method, options, singleResponse: false);
        call.StartWithRequestStream();
        return new AsyncDuplexStreamingCall<TRequest, TResponse>(
            new RequestStreamWriter<TRequest, TResponse>(call, options.WriteOptions),
            new ResponseStreamReader<TRequest, TResponse>(call),
            call);
    }

    private GrpcCall<TRequest, TResponse> Create<TRequest, TResponse>(Method<TRequest, TResponse> method, in CallOptions options, bool singleResponse)
        where TRequest : class
        where TResponse : class
    {
        ArgumentNullException.ThrowIfNull(method);
        _channel.ThrowIfDisposed();
        return new GrpcCall<TRequest, TResponse>(_channel, method, options, singleResponse);
    }
}
