using Faultline.Client;
using Google.Protobuf;
using Google.Rpc;

namespace Faultline.Tests.ClientPipeline;

/// <summary><see cref="FaultlineClientOptions.StrictStatusDetails"/>: what an unusable details trailer turns into.</summary>
public class StrictnessTests
{
    private static async Task<Exception> UnaryFailure(RpcException failure, bool strict)
    {
        var invoker = new FakeCallInvoker { Unary = _ => new FakeCallOutcome().Finish(failure).Unary(Task.FromException<string>(failure)) };
        var call = invoker.WithFaultline(o => o.StrictStatusDetails = strict).StartUnary();
        return await Assert.ThrowsAnyAsync<Exception>(() => call.ResponseAsync);
    }

    [Fact]
    public void Options_DefaultIsLenient()
    {
        Assert.False(new FaultlineClientOptions().StrictStatusDetails);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ValidDetails_AreTypedWithDetails_EitherWay(bool strict)
    {
        var failure = RemoteErrors.NotFound();

        RemoteErrors.AssertTypedNotFound(await UnaryFailure(failure, strict), failure);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task NoDetailsTrailer_IsTypedWithoutDetails_EitherWay(bool strict)
    {
        var failure = new RpcException(new Grpc.Core.Status(StatusCode.Unavailable, "down"));

        var typed = Assert.IsType<UnavailableException>(await UnaryFailure(failure, strict));

        Assert.Empty(typed.Details);
        Assert.Equal("down", typed.Status.Detail);
    }

    [Fact]
    public async Task Lenient_MalformedDetails_IsTypedWithCodeAndMessageAndNoDetails()
    {
        var failure = RemoteErrors.NotFoundWithMalformedDetails();

        var typed = Assert.IsType<NotFoundException>(await UnaryFailure(failure, strict: false));

        Assert.Equal("no such book", typed.Status.Detail);
        Assert.Empty(typed.Details);
        Assert.Same(failure.Trailers, typed.Trailers);
    }

    [Fact]
    public async Task Strict_MalformedDetails_ThrowsMalformedStatusDetailsExceptionWithTheCallsStatus()
    {
        var failure = RemoteErrors.NotFoundWithMalformedDetails();

        var ex = Assert.IsType<MalformedStatusDetailsException>(await UnaryFailure(failure, strict: true));

        Assert.Equal(StatusCode.NotFound, ex.StatusCode);
        Assert.Equal("no such book", ex.Status.Detail);
        Assert.Same(failure.Trailers, ex.Trailers);
        Assert.IsType<InvalidProtocolBufferException>(ex.InnerException);
    }

    [Fact]
    public async Task Lenient_MismatchedDetails_IsTypedByTheCallsCodeWithTheTrailersDetails()
    {
        var failure = RemoteErrors.NotFoundWithMismatchedDetails();

        var typed = Assert.IsType<NotFoundException>(await UnaryFailure(failure, strict: false));

        Assert.Equal("no such book", typed.Status.Detail);
        Assert.Equal("no such book", typed.RichStatus.Message);
        Assert.Equal("r-9", typed.GetDetail<RequestInfo>()!.RequestId);
    }

    [Fact]
    public async Task Strict_MismatchedDetails_ThrowsRichStatusMismatchException()
    {
        var failure = RemoteErrors.NotFoundWithMismatchedDetails();

        var ex = Assert.IsType<RichStatusMismatchException>(await UnaryFailure(failure, strict: true));

        Assert.Equal(StatusCode.NotFound, ex.StatusCode);
        Assert.Same(failure.Trailers, ex.Trailers);
        Assert.Equal(StatusCode.Internal, ex.DetailsStatus.Code);
        Assert.Equal("r-9", ex.DetailsStatus.RequestInfo!.RequestId);
    }

    [Fact]
    public async Task Strict_MessageOnlyMismatch_ThrowsRichStatusMismatchException()
    {
        var other = RichStatus.Create(StatusCode.NotFound, "a different message").AddRequestInfo("r").Build();
        var failure = new RpcException(new Grpc.Core.Status(StatusCode.NotFound, "no such book"), StatusTrailers.With(other.ToTrailerBytes()));

        var ex = Assert.IsType<RichStatusMismatchException>(await UnaryFailure(failure, strict: true));

        Assert.Equal("a different message", ex.DetailsStatus.Message);
    }

    [Fact]
    public async Task Strict_AppliesToStreamReadsToo()
    {
        var failure = RemoteErrors.NotFoundWithMalformedDetails();
        var invoker = new FakeCallInvoker { ServerStreaming = _ => new FakeCallOutcome().Finish(failure).ServerStreaming(FakeStreamReader.Failing(failure)) };
        var call = invoker.WithFaultline(o => o.StrictStatusDetails = true).StartServerStreaming();

        await Assert.ThrowsAsync<MalformedStatusDetailsException>(() => call.ResponseStream.MoveNext(CancellationToken.None));
    }

    [Fact]
    public void Strict_AppliesToBlockingCallsToo()
    {
        var failure = RemoteErrors.NotFoundWithMismatchedDetails();
        var invoker = new FakeCallInvoker { Blocking = _ => throw failure };

        Assert.Throws<RichStatusMismatchException>(() => invoker.WithFaultline(o => o.StrictStatusDetails = true).BlockingUnary());
    }
}
