using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Faultline.Client.Internal.Interception;

/// <summary>
/// A blocking unary call: <c>InterceptAsync</c> runs on the calling thread and the call blocks until
/// it is done; each attempt is the blocking continuation, so the next step completes synchronously
/// with the response (or fails with what it threw).
/// </summary>
internal sealed class BlockingUnaryClientCall<TRequest, TResponse> : ClientCall
    where TRequest : class
    where TResponse : class
{
    private readonly ClientInterceptorContext<TRequest, TResponse> _context;
    private readonly Interceptor.BlockingUnaryCallContinuation<TRequest, TResponse> _continuation;
    private TRequest _request;
    private int _state;

    public BlockingUnaryClientCall(ClientInterceptor interceptor, GrpcMethodName method, ClientInterceptorContext<TRequest, TResponse> context, TRequest request, Interceptor.BlockingUnaryCallContinuation<TRequest, TResponse> continuation)
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

    public override CancellationToken CancellationToken => _context.Options.CancellationToken;

    public TResponse Run()
    {
        object? result;
        try
        {
            var pending = Interceptor.Intercept(this);
            result = pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
        }
        finally
        {
            Volatile.Write(ref _state, State.Finished);
        }

        return result as TResponse ?? throw NoResponse(typeof(TResponse), result);
    }

    internal override ValueTask<object?> ProceedAsync()
    {
        switch (Interlocked.CompareExchange(ref _state, State.Proceeding, State.Idle))
        {
            case State.Proceeding:
                return ValueTask.FromException<object?>(new InvalidOperationException($"{Interceptor.GetType().Name} called the next step of {Method} while it was still running; await each attempt before starting another."));
            case State.Finished:
                return ValueTask.FromException<object?>(new InvalidOperationException($"{Interceptor.GetType().Name} called the next step of {Method} after it had returned."));
        }

        try
        {
            BeginAttempt();
            var response = _continuation(_request, new ClientInterceptorContext<TRequest, TResponse>(_context.Method, _context.Host, Options));
            ReportAttemptEnded(Status.DefaultSuccess);
            return new ValueTask<object?>(response);
        }
        catch (Exception ex)
        {
            ReportAttemptEnded(AttemptStatus.Of(ex));
            return ValueTask.FromException<object?>(ex);
        }
        finally
        {
            Interlocked.CompareExchange(ref _state, State.Idle, State.Proceeding);
        }
    }

    private static class State
    {
        public const int Idle = 0;
        public const int Proceeding = 1;
        public const int Finished = 2;
    }
}
