using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Faultline.Client.Internal.Interception;

/// <summary>A unary call: each attempt sends the current request; the next step returns its response.</summary>
internal sealed class InterceptedUnaryCall<TRequest, TResponse> : InterceptedCall
    where TRequest : class
    where TResponse : class
{
    private readonly ClientInterceptorContext<TRequest, TResponse> _context;
    private readonly Interceptor.AsyncUnaryCallContinuation<TRequest, TResponse> _continuation;
    private TRequest _request;
    private Task<TResponse>? _response;

    private InterceptedUnaryCall(ClientInterceptor interceptor, GrpcMethodName method, ClientInterceptorContext<TRequest, TResponse> context, TRequest request, Interceptor.AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
        : base(interceptor, MethodType.Unary, method, context.Host, context.Options)
    {
        _context = context;
        _request = request;
        _continuation = continuation;
    }

    public override object? Request
    {
        get => _request;
        set => _request = RequestCast.To<TRequest>(value, this);
    }

    // A unary caller has nothing to do while the call runs, so its headers can wait for the last attempt.
    protected override bool HeadersComeFromTheLastAttempt => true;

    public static AsyncUnaryCall<TResponse> Start(ClientInterceptor interceptor, GrpcMethodName method, ClientInterceptorContext<TRequest, TResponse> context, TRequest request, Interceptor.AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        var call = new InterceptedUnaryCall<TRequest, TResponse>(interceptor, method, context, request, continuation);
        call.Run();
        call._response = ResponseOf<TResponse>(call.Outcome);
        return new AsyncUnaryCall<TResponse>(call._response, HeadersOf, StatusOf, TrailersOf, DisposeOf, call);
    }

    protected override void OnDisposed() => ObserveFailure(_response!);

    protected override object? CheckResult(object? result) => result as TResponse ?? throw NoResponse(typeof(TResponse), result);

    protected override async Task<object?> StartAttemptAsync()
    {
        var inner = StartInner(options => _continuation(_request, new ClientInterceptorContext<TRequest, TResponse>(_context.Method, _context.Host, options)));
        var attempt = new UnaryAttempt<TResponse>(this, inner);
        TrySetCurrent(attempt);
        return await attempt.ReceiveAsync().ConfigureAwait(false);
    }
}

/// <summary>A server-streaming call: each attempt sends the current request; the next step returns once it has its first response message, or ended.</summary>
internal sealed class InterceptedServerStreamingCall<TRequest, TResponse> : InterceptedCall
    where TRequest : class
    where TResponse : class
{
    private readonly ClientInterceptorContext<TRequest, TResponse> _context;
    private readonly Interceptor.AsyncServerStreamingCallContinuation<TRequest, TResponse> _continuation;
    private TRequest _request;

    private InterceptedServerStreamingCall(ClientInterceptor interceptor, GrpcMethodName method, ClientInterceptorContext<TRequest, TResponse> context, TRequest request, Interceptor.AsyncServerStreamingCallContinuation<TRequest, TResponse> continuation)
        : base(interceptor, MethodType.ServerStreaming, method, context.Host, context.Options)
    {
        _context = context;
        _request = request;
        _continuation = continuation;
    }

    public override object? Request
    {
        get => _request;
        set => _request = RequestCast.To<TRequest>(value, this);
    }

    public static AsyncServerStreamingCall<TResponse> Start(ClientInterceptor interceptor, GrpcMethodName method, ClientInterceptorContext<TRequest, TResponse> context, TRequest request, Interceptor.AsyncServerStreamingCallContinuation<TRequest, TResponse> continuation)
    {
        var call = new InterceptedServerStreamingCall<TRequest, TResponse>(interceptor, method, context, request, continuation);
        call.Run();
        return new AsyncServerStreamingCall<TResponse>(new InterceptedResponseStream<TResponse>(call), HeadersOf, StatusOf, TrailersOf, DisposeOf, call);
    }

    protected override object? CheckResult(object? result) => Current is null ? throw NoAttempt() : null;

    protected override async Task<object?> StartAttemptAsync()
    {
        var inner = StartInner(options => _continuation(_request, new ClientInterceptorContext<TRequest, TResponse>(_context.Method, _context.Host, options)));
        var attempt = new ServerStreamingAttempt<TResponse>(this, inner);
        TrySetCurrent(attempt);
        await attempt.CommitAsync().ConfigureAwait(false);
        return null;
    }
}

/// <summary>A client-streaming call: each attempt is sent the caller's requests (replayed); the next step returns its response.</summary>
internal sealed class InterceptedClientStreamingCall<TRequest, TResponse> : InterceptedCall
    where TRequest : class
    where TResponse : class
{
    private readonly ClientInterceptorContext<TRequest, TResponse> _context;
    private readonly Interceptor.AsyncClientStreamingCallContinuation<TRequest, TResponse> _continuation;
    private readonly ReplayingRequestStream<TRequest> _requests;
    private Task<TResponse>? _response;

    private InterceptedClientStreamingCall(ClientInterceptor interceptor, GrpcMethodName method, ClientInterceptorContext<TRequest, TResponse> context, Interceptor.AsyncClientStreamingCallContinuation<TRequest, TResponse> continuation)
        : base(interceptor, MethodType.ClientStreaming, method, context.Host, context.Options)
    {
        _context = context;
        _continuation = continuation;
        _requests = new ReplayingRequestStream<TRequest>(this, interceptor.ReplayLimit, context.Method.RequestMarshaller.Serializer);
    }

    public override object? Request
    {
        get => null;
        set => throw NoRequest();
    }

    public static AsyncClientStreamingCall<TRequest, TResponse> Start(ClientInterceptor interceptor, GrpcMethodName method, ClientInterceptorContext<TRequest, TResponse> context, Interceptor.AsyncClientStreamingCallContinuation<TRequest, TResponse> continuation)
    {
        var call = new InterceptedClientStreamingCall<TRequest, TResponse>(interceptor, method, context, continuation);
        call.Run();
        call._response = ResponseOf<TResponse>(call.Outcome);
        return new AsyncClientStreamingCall<TRequest, TResponse>(call._requests, call._response, HeadersOf, StatusOf, TrailersOf, DisposeOf, call);
    }

    protected override object? CheckResult(object? result) => result as TResponse ?? throw NoResponse(typeof(TResponse), result);

    protected override void BeforeAttempt() => _requests.EnsureReplayable();

    protected override void OnSettled(Exception? failure) => _requests.Settle(failure);

    protected override void OnDisposed()
    {
        _requests.Dispose();
        ObserveFailure(_response!);
    }

    protected override async Task<object?> StartAttemptAsync()
    {
        var inner = StartInner(options => _continuation(new ClientInterceptorContext<TRequest, TResponse>(_context.Method, _context.Host, options)));
        var attempt = new ClientStreamingAttempt<TRequest, TResponse>(this, inner);
        if (TrySetCurrent(attempt))
        {
            _requests.Attach(attempt.RequestStream);
        }

        return await attempt.ReceiveAsync().ConfigureAwait(false);
    }
}

/// <summary>A duplex call: each attempt is sent the caller's requests (replayed); the next step returns once it has its first response message, or ended.</summary>
internal sealed class InterceptedDuplexStreamingCall<TRequest, TResponse> : InterceptedCall
    where TRequest : class
    where TResponse : class
{
    private readonly ClientInterceptorContext<TRequest, TResponse> _context;
    private readonly Interceptor.AsyncDuplexStreamingCallContinuation<TRequest, TResponse> _continuation;
    private readonly ReplayingRequestStream<TRequest> _requests;

    private InterceptedDuplexStreamingCall(ClientInterceptor interceptor, GrpcMethodName method, ClientInterceptorContext<TRequest, TResponse> context, Interceptor.AsyncDuplexStreamingCallContinuation<TRequest, TResponse> continuation)
        : base(interceptor, MethodType.DuplexStreaming, method, context.Host, context.Options)
    {
        _context = context;
        _continuation = continuation;
        _requests = new ReplayingRequestStream<TRequest>(this, interceptor.ReplayLimit, context.Method.RequestMarshaller.Serializer);
    }

    public override object? Request
    {
        get => null;
        set => throw NoRequest();
    }

    public static AsyncDuplexStreamingCall<TRequest, TResponse> Start(ClientInterceptor interceptor, GrpcMethodName method, ClientInterceptorContext<TRequest, TResponse> context, Interceptor.AsyncDuplexStreamingCallContinuation<TRequest, TResponse> continuation)
    {
        var call = new InterceptedDuplexStreamingCall<TRequest, TResponse>(interceptor, method, context, continuation);
        call.Run();
        return new AsyncDuplexStreamingCall<TRequest, TResponse>(call._requests, new InterceptedResponseStream<TResponse>(call), HeadersOf, StatusOf, TrailersOf, DisposeOf, call);
    }

    protected override object? CheckResult(object? result) => Current is null ? throw NoAttempt() : null;

    protected override void BeforeAttempt() => _requests.EnsureReplayable();

    protected override void OnSettled(Exception? failure) => _requests.Settle(failure);

    protected override void OnDisposed() => _requests.Dispose();

    protected override async Task<object?> StartAttemptAsync()
    {
        var inner = StartInner(options => _continuation(new ClientInterceptorContext<TRequest, TResponse>(_context.Method, _context.Host, options)));
        var attempt = new DuplexAttempt<TRequest, TResponse>(this, inner);
        if (TrySetCurrent(attempt))
        {
            _requests.Attach(attempt.RequestStream);
        }

        await attempt.CommitAsync().ConfigureAwait(false);
        return null;
    }
}
