using Faultline.Client;
using Google.Rpc;

namespace Faultline.Tests.ClientPipeline;

/// <summary>
/// The <see cref="OperationCanceledException"/> of a channel set to ThrowOperationCanceledOnCancellation:
/// once the call has finished as CANCELLED or DEADLINE_EXCEEDED it becomes a <see cref="GrpcCanceledException"/>.
/// </summary>
public class CancellationTranslationTests
{
    private static AsyncUnaryCall<string> UnaryFailingWith(Exception failure, FakeCallOutcome outcome) =>
        new FakeCallInvoker { Unary = _ => outcome.Unary(Task.FromException<string>(failure)) }.WithFaultline().StartUnary();

    [Fact]
    public async Task Cancelled_BecomesGrpcCanceledException_WithTheSameTokenAndTheTypedError()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var outcome = new FakeCallOutcome().Finish(new Grpc.Core.Status(StatusCode.Cancelled, "Call canceled by the client."));

        var call = UnaryFailingWith(new OperationCanceledException(cts.Token), outcome);

        var thrown = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.ResponseAsync);
        var canceled = Assert.IsType<GrpcCanceledException>(thrown);
        Assert.Equal(cts.Token, canceled.CancellationToken);
        Assert.Equal(StatusCode.Cancelled, canceled.StatusCode);
        var error = Assert.IsType<CancelledException>(canceled.Error);
        Assert.Equal("Call canceled by the client.", error.Status.Detail);
        Assert.Same(error, canceled.InnerException);
        Assert.Equal("Call canceled by the client.", canceled.Message);
    }

    [Fact]
    public async Task CancelledTask_BecomesGrpcCanceledException_WithItsToken()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var outcome = new FakeCallOutcome().Finish(new Grpc.Core.Status(StatusCode.Cancelled, "Call canceled by the client."));
        var call = new FakeCallInvoker { Unary = _ => outcome.Unary(Task.FromCanceled<string>(cts.Token)) }.WithFaultline().StartUnary();

        var canceled = Assert.IsType<GrpcCanceledException>(await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.ResponseAsync));

        Assert.Equal(cts.Token, canceled.CancellationToken);
        Assert.IsType<CancelledException>(canceled.Error);
    }

    [Fact]
    public async Task DeadlineExceededWithoutTrailers_BecomesGrpcCanceledException_WithDeadlineExceededError()
    {
        // A local deadline: no trailers arrived, so GetTrailers throws.
        var outcome = new FakeCallOutcome().Finish(new Grpc.Core.Status(StatusCode.DeadlineExceeded, "Deadline Exceeded"));

        var call = UnaryFailingWith(new OperationCanceledException(), outcome);

        var canceled = Assert.IsType<GrpcCanceledException>(await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.ResponseAsync));
        Assert.Equal(StatusCode.DeadlineExceeded, canceled.StatusCode);
        var error = Assert.IsType<DeadlineExceededException>(canceled.Error);
        Assert.Empty(error.Details);
        Assert.Empty(error.Trailers);
    }

    [Fact]
    public async Task CancelledWithServerDetails_ErrorCarriesThem()
    {
        var sent = RichStatus.Create(StatusCode.Cancelled, "shutting down").AddRequestInfo("r-1").Build();
        var trailers = StatusTrailers.With(sent.ToTrailerBytes());
        var outcome = new FakeCallOutcome().Finish(sent.Status, trailers);

        var call = UnaryFailingWith(new OperationCanceledException(), outcome);

        var canceled = Assert.IsType<GrpcCanceledException>(await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.ResponseAsync));
        Assert.Equal("r-1", canceled.Error.GetDetail<RequestInfo>()!.RequestId);
        Assert.Same(trailers, canceled.Error.Trailers);
        Assert.True(canceled.Error.IsRemote);
    }

    [Fact]
    public async Task CallStillRunning_OperationCanceledPassesThrough()
    {
        var cancelled = new OperationCanceledException("cancelled");

        var call = UnaryFailingWith(cancelled, new FakeCallOutcome());

        Assert.Same(cancelled, await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.ResponseAsync));
    }

    [Fact]
    public async Task AlreadyGrpcCanceledException_PassesThrough()
    {
        var already = new GrpcCanceledException(new CancelledException(), CancellationToken.None);
        var outcome = new FakeCallOutcome().Finish(new Grpc.Core.Status(StatusCode.Cancelled, "c"));

        var call = UnaryFailingWith(already, outcome);

        Assert.Same(already, await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.ResponseAsync));
    }

    [Fact]
    public async Task OperationCanceledFromMoveNext_IsTranslated()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var outcome = new FakeCallOutcome().Finish(new Grpc.Core.Status(StatusCode.Cancelled, "Call canceled by the client."));
        var reader = FakeStreamReader.Failing(new OperationCanceledException(cts.Token));
        var call = new FakeCallInvoker { ServerStreaming = _ => outcome.ServerStreaming(reader) }.WithFaultline().StartServerStreaming();

        var canceled = Assert.IsType<GrpcCanceledException>(await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.ResponseStream.MoveNext(cts.Token)));

        Assert.Equal(cts.Token, canceled.CancellationToken);
        Assert.IsType<CancelledException>(canceled.Error);
    }

    [Fact]
    public async Task OperationCanceledFromWriteAsync_IsTranslated()
    {
        var outcome = new FakeCallOutcome().Finish(new Grpc.Core.Status(StatusCode.DeadlineExceeded, "Deadline Exceeded"));
        var writer = FakeStreamWriter.Failing(new OperationCanceledException());
        var call = new FakeCallInvoker { Duplex = () => outcome.Duplex(writer, FakeStreamReader.Of()) }.WithFaultline().StartDuplex();

        var canceled = Assert.IsType<GrpcCanceledException>(await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.RequestStream.WriteAsync("m")));

        Assert.IsType<DeadlineExceededException>(canceled.Error);
    }

    [Fact]
    public async Task OperationCanceledAfterTheCallFinishedOk_PassesThrough()
    {
        // A GrpcException never carries OK, and GrpcCanceledException stands for CANCELLED or DEADLINE_EXCEEDED.
        var cancelled = new OperationCanceledException("the caller's own token");

        var call = UnaryFailingWith(cancelled, new FakeCallOutcome().Finish(Grpc.Core.Status.DefaultSuccess, new Metadata()));

        var thrown = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.ResponseAsync);
        Assert.True(
            ReferenceEquals(cancelled, thrown),
            $"expected the original exception, got {thrown.GetType().Name} whose Error is {(thrown as GrpcCanceledException)?.Error.GetType().Name} with StatusCode {(thrown as GrpcCanceledException)?.Error.StatusCode}");
    }

    [Fact]
    public void GrpcCanceledException_NullError_ThrowsArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => new GrpcCanceledException(null!, CancellationToken.None));
    }

    [Fact]
    public void GrpcCanceledException_ErrorWithoutMessage_HasADefaultMessage()
    {
        var canceled = new GrpcCanceledException(new CancelledException(new RichStatus(StatusCode.Cancelled, string.Empty)), CancellationToken.None);

        Assert.False(string.IsNullOrWhiteSpace(canceled.Message));
    }
}
