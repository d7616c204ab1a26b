namespace Faultline.Tests.Infrastructure;

/// <summary>
/// A call invoker with no channel behind it: each call kind is answered by a test-supplied function
/// (which may also throw, as a failing interceptor below would). Requests and responses are strings.
/// </summary>
internal sealed class FakeCallInvoker : CallInvoker
{
    public Func<string, string>? Blocking { get; set; }

    public Func<string, AsyncUnaryCall<string>>? Unary { get; set; }

    public Func<string, AsyncServerStreamingCall<string>>? ServerStreaming { get; set; }

    public Func<AsyncClientStreamingCall<string, string>>? ClientStreaming { get; set; }

    public Func<AsyncDuplexStreamingCall<string, string>>? Duplex { get; set; }

    public CallOptions LastOptions { get; private set; }

    public IMethod? LastMethod { get; private set; }

    public override TResponse BlockingUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
    {
        Record(method, options);
        return (TResponse)(object)Require(Blocking)((string)(object)request!);
    }

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
    {
        Record(method, options);
        return (AsyncUnaryCall<TResponse>)(object)Require(Unary)((string)(object)request!);
    }

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
    {
        Record(method, options);
        return (AsyncServerStreamingCall<TResponse>)(object)Require(ServerStreaming)((string)(object)request!);
    }

    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options)
    {
        Record(method, options);
        return (AsyncClientStreamingCall<TRequest, TResponse>)(object)Require(ClientStreaming)();
    }

    public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options)
    {
        Record(method, options);
        return (AsyncDuplexStreamingCall<TRequest, TResponse>)(object)Require(Duplex)();
    }

    private static T Require<T>(T? answer)
        where T : class =>
        answer ?? throw new InvalidOperationException($"The test did not set up this call kind ({typeof(T).Name}).");

    private void Record(IMethod method, CallOptions options)
    {
        LastMethod = method;
        LastOptions = options;
    }
}

/// <summary>A channel whose calls go to a <see cref="FakeCallInvoker"/>.</summary>
internal sealed class FakeChannel(FakeCallInvoker invoker) : ChannelBase("fake-target")
{
    public override CallInvoker CreateCallInvoker() => invoker;
}

/// <summary>One method of each kind, with string messages.</summary>
internal static class TestMethods
{
    public static readonly Method<string, string> Unary = Create(MethodType.Unary, "Unary");

    public static readonly Method<string, string> ServerStreaming = Create(MethodType.ServerStreaming, "ServerStreaming");

    public static readonly Method<string, string> ClientStreaming = Create(MethodType.ClientStreaming, "ClientStreaming");

    public static readonly Method<string, string> Duplex = Create(MethodType.DuplexStreaming, "Duplex");

    public static string BlockingUnary(this CallInvoker invoker, string request = "request") =>
        invoker.BlockingUnaryCall(Unary, null, new CallOptions(), request);

    public static AsyncUnaryCall<string> StartUnary(this CallInvoker invoker, string request = "request") =>
        invoker.AsyncUnaryCall(Unary, null, new CallOptions(), request);

    public static AsyncServerStreamingCall<string> StartServerStreaming(this CallInvoker invoker, string request = "request") =>
        invoker.AsyncServerStreamingCall(ServerStreaming, null, new CallOptions(), request);

    public static AsyncClientStreamingCall<string, string> StartClientStreaming(this CallInvoker invoker) =>
        invoker.AsyncClientStreamingCall(ClientStreaming, null, new CallOptions());

    public static AsyncDuplexStreamingCall<string, string> StartDuplex(this CallInvoker invoker) =>
        invoker.AsyncDuplexStreamingCall(Duplex, null, new CallOptions());

    private static Method<string, string> Create(MethodType type, string name) =>
        new(type, "test.Fake", name, Marshallers.StringMarshaller, Marshallers.StringMarshaller);
}
