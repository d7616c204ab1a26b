namespace Faultline.CodeGen.Tests;

/// <summary>Records what generated <c>BindService</c> methods register.</summary>
internal sealed class RecordingBinder<TService> : ServiceMethodBinder<TService>
    where TService : class
{
    public List<(IMethod Method, Delegate Invoker)> Added { get; } = [];

    public (IMethod Method, Delegate Invoker) Get(string name) => Added.Single(a => a.Method.Name == name);

    public override void AddUnaryMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TService, TRequest, TResponse> invoker) =>
        Added.Add((method, invoker));

    public override void AddClientStreamingMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TService, TRequest, TResponse> invoker) =>
        Added.Add((method, invoker));

    public override void AddServerStreamingMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TService, TRequest, TResponse> invoker) =>
        Added.Add((method, invoker));

    public override void AddDuplexStreamingMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TService, TRequest, TResponse> invoker) =>
        Added.Add((method, invoker));
}

/// <summary>Records the calls a generated client starts and answers them with default messages.</summary>
internal sealed class RecordingInvoker : CallInvoker
{
    public string? LastKind { get; private set; }
    public IMethod? LastMethod { get; private set; }
    public string? LastHost { get; private set; }
    public CallOptions LastOptions { get; private set; }
    public object? LastRequest { get; private set; }

    private void Record(string kind, IMethod method, string? host, CallOptions options, object? request)
    {
        LastKind = kind;
        LastMethod = method;
        LastHost = host;
        LastOptions = options;
        LastRequest = request;
    }

    private static T New<T>() => (T)Activator.CreateInstance(typeof(T))!;

    public override TResponse BlockingUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
    {
        Record(nameof(BlockingUnaryCall), method, host, options, request);
        return New<TResponse>();
    }

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
    {
        Record(nameof(AsyncUnaryCall), method, host, options, request);
        return new AsyncUnaryCall<TResponse>(Task.FromResult(New<TResponse>()), new FakeCallState());
    }

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
    {
        Record(nameof(AsyncServerStreamingCall), method, host, options, request);
        return new AsyncServerStreamingCall<TResponse>(new EmptyReader<TResponse>(), new FakeCallState());
    }

    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options)
    {
        Record(nameof(AsyncClientStreamingCall), method, host, options, null);
        return new AsyncClientStreamingCall<TRequest, TResponse>(new NullWriter<TRequest>(), Task.FromResult(New<TResponse>()), new FakeCallState());
    }

    public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options)
    {
        Record(nameof(AsyncDuplexStreamingCall), method, host, options, null);
        return new AsyncDuplexStreamingCall<TRequest, TResponse>(new NullWriter<TRequest>(), new EmptyReader<TResponse>(), new FakeCallState());
    }
}

internal sealed class RecordingChannel(CallInvoker invoker) : ChannelBase("fake:///")
{
    public override CallInvoker CreateCallInvoker() => invoker;
}

internal sealed class FakeCallState : ICallState
{
    public Task<Metadata> ResponseHeadersAsync => Task.FromResult(new Metadata());

    public Status GetStatus() => Status.DefaultSuccess;

    public Metadata GetTrailers() => new();

    public void Dispose()
    {
    }
}

internal sealed class EmptyReader<T> : IAsyncStreamReader<T>
{
    public T Current => throw new InvalidOperationException("No message.");

    public Task<bool> MoveNext(CancellationToken cancellationToken) => Task.FromResult(false);
}

internal sealed class NullWriter<T> : IClientStreamWriter<T>, IServerStreamWriter<T>
{
    public List<T> Written { get; } = [];

    public WriteOptions? WriteOptions { get; set; }

    public Task WriteAsync(T message, CancellationToken cancellationToken = default)
    {
        Written.Add(message);
        return Task.CompletedTask;
    }

    public Task CompleteAsync() => Task.CompletedTask;
}

internal sealed class ListReader<T>(params T[] items) : IAsyncStreamReader<T>
{
    private int _index = -1;

    public T Current => items[_index];

    public Task<bool> MoveNext(CancellationToken cancellationToken) => Task.FromResult(++_index < items.Length);
}

internal sealed class FakeServerCallContext : ServerCallContext
{
    public override string Method => "/fake/Method";
    public override string Host => "localhost";
    public override string Peer => "ipv4:127.0.0.1:1";
    public override DateTime Deadline => DateTime.MaxValue;
    public override Metadata RequestHeaders { get; } = new();
    public override CancellationToken CancellationToken => CancellationToken.None;
    public override Metadata ResponseTrailers { get; } = new();
    public override Status Status { get; set; }
    public override WriteOptions? WriteOptions { get; set; }
    public override IDictionary<object, object?> UserState { get; } = new Dictionary<object, object?>();
    public override Task WriteResponseHeadersAsync(Metadata responseHeaders) => Task.CompletedTask;
}
