using Grpc.Core.Interceptors;

namespace Faultline.Tests.ClientPipeline;

public class BlockingCallTranslationTests
{
    [Fact]
    public void BlockingUnaryCall_RpcException_ThrowsTypedExceptionWithDetails()
    {
        var failure = RemoteErrors.NotFound();
        var invoker = new FakeCallInvoker { Blocking = _ => throw failure };

        RemoteErrors.AssertTypedNotFound(Assert.ThrowsAny<Exception>(() => invoker.WithFaultline().BlockingUnary()), failure);
    }

    [Fact]
    public void BlockingUnaryCall_Success_ReturnsTheResponse()
    {
        var invoker = new FakeCallInvoker { Blocking = request => "echo " + request };

        Assert.Equal("echo hi", invoker.WithFaultline().BlockingUnary("hi"));
    }

    [Fact]
    public void BlockingUnaryCall_OperationCanceled_PassesThrough()
    {
        // A blocking call has no call object to read the final status from.
        var cancelled = new OperationCanceledException("cancelled");
        var invoker = new FakeCallInvoker { Blocking = _ => throw cancelled };

        Assert.Same(cancelled, Assert.ThrowsAny<Exception>(() => invoker.WithFaultline().BlockingUnary()));
    }

    [Fact]
    public void InterceptorAddedOnTop_SeesTheTypedException()
    {
        var failure = RemoteErrors.NotFound();
        var recorder = new RecordingInterceptor();
        var invoker = new FakeCallInvoker { Blocking = _ => throw failure }.WithFaultline().Intercept(recorder);

        var thrown = Assert.ThrowsAny<Exception>(() => invoker.BlockingUnary());

        Assert.IsType<NotFoundException>(recorder.Seen);
        Assert.Same(recorder.Seen, thrown);
    }

    private sealed class RecordingInterceptor : Interceptor
    {
        public Exception? Seen { get; private set; }

        public override TResponse BlockingUnaryCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context, BlockingUnaryCallContinuation<TRequest, TResponse> continuation)
        {
            try
            {
                return continuation(request, context);
            }
            catch (Exception ex)
            {
                Seen = ex;
                throw;
            }
        }
    }
}
