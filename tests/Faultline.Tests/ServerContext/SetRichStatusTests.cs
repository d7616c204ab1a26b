using Google.Protobuf;

namespace Faultline.Tests.ServerContext;

/// <summary><see cref="ServerCallContextExtensions"/> on a plain <see cref="ServerCallContext"/>, without the Faultline server pipeline.</summary>
public class SetRichStatusTests
{
    private static RichStatus NotFound() =>
        RichStatus.Create(StatusCode.NotFound, "no such book").AddResourceInfo("book", "b1").AddRequestInfo("r-1").Build();

    [Fact]
    public void SetRichStatus_SetsTheContextsStatus()
    {
        var context = new TestServerCallContext();

        context.SetRichStatus(NotFound());

        Assert.Equal(StatusCode.NotFound, context.Status.StatusCode);
        Assert.Equal("no such book", context.Status.Detail);
    }

    [Fact]
    public void SetRichStatus_PutsExactlyOneDetailsTrailerAgreeingWithTheStatus()
    {
        var context = new TestServerCallContext();
        var status = NotFound();

        context.SetRichStatus(status);

        var proto = StatusTrailers.AssertAgrees(context.Status, context.ResponseTrailers);
        Assert.Equal(status.Details, proto.Details);
        Assert.Single(context.ResponseTrailers);
    }

    [Fact]
    public void SetRichStatus_ReplacesADetailsTrailerTheHandlerAdded()
    {
        var context = new TestServerCallContext();
        context.ResponseTrailers.Add(StatusTrailers.DetailsKey, new Google.Rpc.Status { Code = 13, Message = "stale" }.ToByteArray());
        context.ResponseTrailers.Add(StatusTrailers.DetailsKey, [0xFF, 0xFF]);

        context.SetRichStatus(NotFound());

        var proto = StatusTrailers.AssertAgrees(context.Status, context.ResponseTrailers);
        Assert.Equal("no such book", proto.Message);
    }

    [Fact]
    public void SetRichStatus_KeepsApplicationTrailersInOrder()
    {
        var context = new TestServerCallContext();
        context.ResponseTrailers.Add("x-request-id", "abc");
        context.ResponseTrailers.Add("x-trace-bin", [1, 2, 3]);

        context.SetRichStatus(NotFound());

        Assert.Equal(["x-request-id", "x-trace-bin", StatusTrailers.DetailsKey], context.ResponseTrailers.Select(e => e.Key).ToArray());
        Assert.Equal("abc", context.ResponseTrailers.GetValue("x-request-id"));
        Assert.Equal(new byte[] { 1, 2, 3 }, context.ResponseTrailers.GetValueBytes("x-trace-bin"));
    }

    [Fact]
    public void SetRichStatus_LeavesItsEncodingForTheServerPipeline()
    {
        var context = new TestServerCallContext();
        var status = NotFound();

        context.SetRichStatus(status);

        var pending = ServerCallContextExtensions.TryGetPending(context);
        Assert.NotNull(pending);
        Assert.Same(status, pending.Status);
        Assert.True(pending.Encoded.IsWrittenIn(context.ResponseTrailers));
        context.ResponseTrailers.Add("x-late", "added after");
        Assert.False(pending.Encoded.IsWrittenIn(context.ResponseTrailers));
    }

    [Fact]
    public void SetRichStatus_KeepsTheSameTrailersCollection()
    {
        var context = new TestServerCallContext();
        var trailers = context.ResponseTrailers;

        context.SetRichStatus(NotFound());

        Assert.Same(trailers, context.ResponseTrailers);
    }

    [Fact]
    public void SetRichStatus_RemovesTextTrailersThatCannotBeSent()
    {
        // Kestrel would refuse the whole trailer block for one such value, losing the status.
        var context = new TestServerCallContext();
        context.ResponseTrailers.Add("x-name", "Zoë");
        context.ResponseTrailers.Add("x-ok", "fine");

        context.SetRichStatus(NotFound());

        Assert.Null(context.ResponseTrailers.Get("x-name"));
        Assert.Equal("fine", context.ResponseTrailers.GetValue("x-ok"));
    }

    [Fact]
    public void SetRichStatus_RetryInfo_AddsThePushbackTrailer()
    {
        var context = new TestServerCallContext();

        context.SetRichStatus(RichStatus.Create(StatusCode.ResourceExhausted, "slow down").AddRetryInfo(TimeSpan.FromMilliseconds(750)).Build());

        Assert.Equal("750", context.ResponseTrailers.GetValue(StatusTrailers.PushbackKey));
    }

    [Fact]
    public void SetRichStatus_DebugInfo_IsNotPutInTheTrailersButGetRichStatusHasIt()
    {
        var context = new TestServerCallContext();
        var status = RichStatus.Create(StatusCode.Internal, "boom").AddDebugInfo(["at A()"], "secret").Build();

        context.SetRichStatus(status);

        Assert.Empty(StatusTrailers.SingleDetails(context.ResponseTrailers).Details);
        Assert.Same(status, context.GetRichStatus());
    }

    [Fact]
    public void SetRichStatus_Twice_TheSecondReplacesTheFirst()
    {
        var context = new TestServerCallContext();
        context.ResponseTrailers.Add("x-app", "1");
        context.SetRichStatus(RichStatus.Create(StatusCode.Unavailable, "later").AddRetryInfo(TimeSpan.FromSeconds(1)).Build());
        var second = RichStatus.Create(StatusCode.InvalidArgument, "bad").AddBadRequest(("name", "empty")).Build();

        context.SetRichStatus(second);

        Assert.Equal(StatusCode.InvalidArgument, context.Status.StatusCode);
        Assert.Equal(["x-app", StatusTrailers.DetailsKey], context.ResponseTrailers.Select(e => e.Key).ToArray());
        Assert.Equal(second.Details, StatusTrailers.AssertAgrees(context.Status, context.ResponseTrailers).Details);
        Assert.Same(second, context.GetRichStatus());
    }

    [Fact]
    public void SetRichStatus_OverlongMessage_IsTruncatedInStatusAndTrailerAlike()
    {
        var context = new TestServerCallContext();
        var status = new RichStatus(StatusCode.Internal, new string('x', 50_000));

        context.SetRichStatus(status);

        Assert.True(context.Status.Detail.Length < status.Message.Length);
        StatusTrailers.AssertAgrees(context.Status, context.ResponseTrailers);
        Assert.Same(status, context.GetRichStatus());
    }

    [Fact]
    public void SetRichStatus_Ok_ThrowsAndLeavesTheContextAlone()
    {
        var context = new TestServerCallContext();
        context.ResponseTrailers.Add("x-app", "1");

        var ex = Assert.Throws<ArgumentException>(() => context.SetRichStatus(new RichStatus(StatusCode.OK, "fine")));

        Assert.Equal("status", ex.ParamName);
        Assert.Equal(StatusCode.OK, context.Status.StatusCode);
        Assert.Equal(["x-app"], context.ResponseTrailers.Select(e => e.Key).ToArray());
        Assert.Null(context.GetRichStatus());
    }

    [Fact]
    public void SetRichStatus_NullStatus_ThrowsArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => new TestServerCallContext().SetRichStatus(null!));
    }

    [Fact]
    public void SetRichStatus_NullContext_ThrowsArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => ((ServerCallContext)null!).SetRichStatus(NotFound()));
    }

    [Fact]
    public void GetRichStatus_NothingSet_IsNull()
    {
        Assert.Null(new TestServerCallContext().GetRichStatus());
    }

    [Fact]
    public void GetRichStatus_AfterSet_IsTheSameInstance()
    {
        var context = new TestServerCallContext();
        var status = NotFound();

        context.SetRichStatus(status);

        Assert.Same(status, context.GetRichStatus());
    }

    [Fact]
    public void GetRichStatus_StatusChangedAfterwards_IsNull()
    {
        // The handler replaced the status by hand: the rich one no longer describes the call.
        var context = new TestServerCallContext();
        context.SetRichStatus(NotFound());

        context.Status = new Grpc.Core.Status(StatusCode.Unavailable, "changed my mind");

        Assert.Null(context.GetRichStatus());
    }

    [Fact]
    public void GetRichStatus_NullContext_ThrowsArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => ((ServerCallContext)null!).GetRichStatus());
    }
}
