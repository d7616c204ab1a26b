namespace Faultline.Tests.ClientPipeline;

/// <summary>What the client pipeline leaves as it is.</summary>
public class PassThroughTests
{
    public static TheoryData<string> AlreadyTranslated => new() { "local", "remote", "malformed", "mismatch" };

    private static Exception Make(string kind) => kind switch
    {
        "local" => RemoteErrors.NotFoundStatus().ToException(),
        "remote" => RemoteErrors.NotFound().ToGrpcException(),
        "malformed" => Assert.Throws<MalformedStatusDetailsException>(() => StatusDetailsReader.ReadStrict(RemoteErrors.NotFoundWithMalformedDetails())),
        "mismatch" => Assert.Throws<RichStatusMismatchException>(() => StatusDetailsReader.ReadStrict(RemoteErrors.NotFoundWithMismatchedDetails())),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    [Theory]
    [MemberData(nameof(AlreadyTranslated))]
    public async Task AlreadyTranslatedException_FromResponseAsync_IsTheSameInstance(string kind)
    {
        var exception = Make(kind);
        var invoker = new FakeCallInvoker { Unary = _ => new FakeCallOutcome().Finish(RemoteErrors.NotFound()).Unary(Task.FromException<string>(exception)) };

        var call = invoker.WithFaultline(o => o.StrictStatusDetails = true).StartUnary();

        Assert.Same(exception, await Assert.ThrowsAnyAsync<Exception>(() => call.ResponseAsync));
    }

    [Theory]
    [MemberData(nameof(AlreadyTranslated))]
    public async Task AlreadyTranslatedException_FromMoveNext_IsTheSameInstance(string kind)
    {
        var exception = Make(kind);
        var invoker = new FakeCallInvoker { ServerStreaming = _ => new FakeCallOutcome().Finish(RemoteErrors.NotFound()).ServerStreaming(FakeStreamReader.Failing(exception)) };

        var call = invoker.WithFaultline().StartServerStreaming();

        Assert.Same(exception, await Assert.ThrowsAnyAsync<Exception>(() => call.ResponseStream.MoveNext(CancellationToken.None)));
    }

    [Theory]
    [MemberData(nameof(AlreadyTranslated))]
    public void AlreadyTranslatedException_FromBlockingCall_IsTheSameInstance(string kind)
    {
        var exception = Make(kind);
        var invoker = new FakeCallInvoker { Blocking = _ => throw exception };

        Assert.Same(exception, Assert.ThrowsAny<Exception>(() => invoker.WithFaultline().BlockingUnary()));
    }

    [Fact]
    public async Task PipelineTwice_TranslatesOnce()
    {
        var failure = RemoteErrors.NotFound();
        var invoker = new FakeCallInvoker { Unary = _ => new FakeCallOutcome().Finish(failure).Unary(Task.FromException<string>(failure)) };

        var call = invoker.WithFaultline().WithFaultline().StartUnary();

        RemoteErrors.AssertTypedNotFound(await Assert.ThrowsAnyAsync<Exception>(() => call.ResponseAsync), failure);
    }

    [Fact]
    public async Task NonRpcException_IsTheSameInstance()
    {
        var failure = new InvalidOperationException("Can't write the message because the previous write is in progress.");
        var writer = FakeStreamWriter.Failing(failure);
        var invoker = new FakeCallInvoker { ClientStreaming = () => new FakeCallOutcome().ClientStreaming(writer, Task.FromException<string>(failure)) };

        var call = invoker.WithFaultline().StartClientStreaming();

        Assert.Same(failure, await Assert.ThrowsAnyAsync<Exception>(() => call.RequestStream.WriteAsync("m")));
        Assert.Same(failure, await Assert.ThrowsAnyAsync<Exception>(() => call.ResponseAsync));
    }

    [Fact]
    public void NonRpcExceptionStartingACall_IsTheSameInstance()
    {
        var failure = new ObjectDisposedException("GrpcChannel");
        var invoker = new FakeCallInvoker { Unary = _ => throw failure };

        Assert.Same(failure, Assert.ThrowsAny<Exception>(() => invoker.WithFaultline().StartUnary()));
    }
}
