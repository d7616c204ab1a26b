using Faultline.Internal.Wire;
using Google.Protobuf;
using Google.Rpc;

namespace Faultline.Tests.Wire;

/// <summary>The one place a status becomes trailers: what it writes and what it refuses.</summary>
public class StatusEncoderTests
{
    [Fact]
    public void Encode_RichStatus_WritesExactlyOneDetailsTrailerAgreeingWithCodeAndMessage()
    {
        var status = RichStatus.Create(StatusCode.NotFound, "no such book ✓ 100%").AddResourceInfo("book", "b1").AddRequestInfo("r-1").Build();

        var encoded = WireSamples.Encode(status);

        var trailers = encoded.ToTrailers();
        var proto = StatusTrailers.AssertAgrees(encoded.Status, trailers);
        Assert.Equal(StatusCode.NotFound, encoded.Status.StatusCode);
        Assert.Equal(status.Message, encoded.Status.Detail);
        Assert.Equal(status.Details, proto.Details);
        Assert.Equal(StatusTrailers.DetailsKey, Assert.Single(trailers).Key);
    }

    [Fact]
    public void Encode_NoDetails_StillWritesTheDetailsTrailer()
    {
        var encoded = WireSamples.Encode(new RichStatus(StatusCode.Internal, "m"));

        var proto = StatusTrailers.AssertAgrees(encoded.Status, encoded.ToTrailers());
        Assert.Empty(proto.Details);
    }

    [Fact]
    public void Encode_EmptyMessage_DetailsTrailerHasEmptyMessage()
    {
        var encoded = WireSamples.Encode(RichStatus.Create(StatusCode.Aborted, null).AddRequestInfo("r").Build());

        Assert.Equal(string.Empty, encoded.Status.Detail);
        Assert.Equal(string.Empty, StatusTrailers.AssertAgrees(encoded.Status, encoded.ToTrailers()).Message);
    }

    [Fact]
    public void Encode_Ok_ThrowsArgumentException()
    {
        var ex = Assert.Throws<ArgumentException>(() => WireSamples.Encode(new RichStatus(StatusCode.OK, "fine")));

        Assert.Equal("status", ex.ParamName);
    }

    [Fact]
    public void Encode_OkWithoutDetailsTrailer_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => StatusEncoder.Encode(new RichStatus(StatusCode.OK, "fine"), writeDetails: false, null, StatusEncodingPolicy.Default, null));
    }

    [Fact]
    public void Encode_PlainStatusWithoutDetails_WritesNoDetailsTrailer()
    {
        var encoded = StatusEncoder.Encode(new RichStatus(StatusCode.Unavailable, "down"), writeDetails: false, [new Metadata.Entry("x-id", "7")], StatusEncodingPolicy.Default, null);

        Assert.Null(encoded.Details);
        Assert.Equal(["x-id"], encoded.ToTrailers().Select(e => e.Key).ToArray());
        Assert.Equal(StatusCode.Unavailable, encoded.Status.StatusCode);
        Assert.Equal("down", encoded.Status.Detail);
    }

    [Fact]
    public void Encode_PlainStatusWithoutDetails_StillDropsUnsendableTrailers()
    {
        var encoded = StatusEncoder.Encode(new RichStatus(StatusCode.Unavailable, "down"), writeDetails: false, [new Metadata.Entry("x-name", "Zoë")], StatusEncodingPolicy.Default, null);

        Assert.Empty(encoded.ToTrailers());
        Assert.Equal(["x-name"], encoded.Trim.DroppedInvalidTrailers);
    }

    [Fact]
    public void Encode_PlainStatusWithoutDetails_LongMessageStillFitsTheBudget()
    {
        var encoded = StatusEncoder.Encode(new RichStatus(StatusCode.Internal, new string('x', 20_000)), writeDetails: false, null, WireSamples.Policy(2048), null);

        Assert.Null(encoded.Details);
        Assert.True(encoded.Trim.MessageTruncated);
        Assert.True(ReferenceHeaderSize.Of(encoded) <= 2048);
    }

    [Fact]
    public void Encode_DebugException_IsOnTheStatusOnly()
    {
        var cause = new InvalidOperationException("local cause");

        var encoded = StatusEncoder.Encode(new RichStatus(StatusCode.Internal, "m"), null, StatusEncodingPolicy.Default, cause);

        Assert.Same(cause, encoded.Status.DebugException);
        Assert.DoesNotContain("local cause", StatusTrailers.SingleDetails(encoded.ToTrailers()).ToString());
    }

    [Fact]
    public void Encode_DefaultPolicy_DropsDebugInfoAndKeepsTheOthersInOrder()
    {
        var status = RichStatus.Create(StatusCode.Internal, "m")
            .AddRequestInfo("r")
            .AddDebugInfo(["at A()", "at B()"], "secret")
            .AddHelp(("docs", "https://example.com"))
            .AddDebugInfo(["at C()"], "second secret")
            .Build();

        var encoded = WireSamples.Encode(status, debugInfo: false);

        var proto = StatusTrailers.SingleDetails(encoded.ToTrailers());
        Assert.Equal(["google.rpc.RequestInfo", "google.rpc.Help"], WireSamples.TypeNames(proto.Details));
        Assert.False(encoded.Trim.ExceededBudget);
        Assert.Empty(encoded.Trim.DroppedDetails);
    }

    [Fact]
    public void Encode_PolicyAllowingDebugInfo_KeepsIt()
    {
        var status = RichStatus.Create(StatusCode.Internal, "m").AddDebugInfo(["at A()"], "visible").AddRequestInfo("r").Build();

        var encoded = WireSamples.Encode(status, debugInfo: true);

        var proto = StatusTrailers.SingleDetails(encoded.ToTrailers());
        Assert.Equal(status.Details, proto.Details);
        Assert.Equal("visible", proto.Details[0].Unpack<DebugInfo>().Detail);
    }

    [Fact]
    public void Encode_DebugInfoUnderAnotherTypeUrlPrefix_IsStillRecognised()
    {
        var debug = Google.Protobuf.WellKnownTypes.Any.Pack(new DebugInfo { Detail = "secret" }, "example.com/types");
        var status = new RichStatus(StatusCode.Internal, "m", [debug]);

        var encoded = WireSamples.Encode(status, debugInfo: false);

        Assert.Empty(StatusTrailers.SingleDetails(encoded.ToTrailers()).Details);
    }

    [Fact]
    public void Encode_StatusThatFits_IsReturnedUntouched()
    {
        var status = RichErrorSamples.Everything(StatusCode.FailedPrecondition, "everything ✓ 100% wrong");
        var trailers = new Metadata { { "x-id", "7" }, { "x-trace-bin", new byte[] { 0, 1, 255 } } };

        var encoded = WireSamples.Encode(status, debugInfo: true, trailers: trailers);

        Assert.Equal(status.Message, encoded.Status.Detail);
        Assert.Equal(status.ToTrailerBytes(), encoded.Details!.ValueBytes);
        Assert.Equal(trailers.ToArray(), encoded.ApplicationTrailers);
        Assert.False(encoded.Trim.ExceededBudget);
        Assert.False(encoded.Trim.MessageTruncated);
        Assert.Equal(encoded.Trim.OriginalSize, encoded.Trim.FinalSize);
        Assert.Empty(encoded.Trim.DroppedInvalidTrailers);
    }

    [Fact]
    public void Encode_LongMessageThatFits_IsNotCapped()
    {
        // The cap at a quarter of the budget applies only to a status that does not fit.
        var message = new string('m', 3000);

        var encoded = WireSamples.Encode(new RichStatus(StatusCode.Internal, message));

        Assert.Equal(message, encoded.Status.Detail);
        Assert.False(encoded.Trim.MessageTruncated);
    }

    [Fact]
    public void ToTrailers_OrderIsApplicationTrailersThenDetailsThenPushback()
    {
        var status = RichStatus.Create(StatusCode.Unavailable, "later").AddRetryInfo(TimeSpan.FromSeconds(1)).Build();

        var encoded = WireSamples.Encode(status, trailers: [new("x-a", "1"), new("x-b-bin", [2])]);

        Assert.Equal(["x-a", "x-b-bin", StatusTrailers.DetailsKey, StatusTrailers.PushbackKey], encoded.ToTrailers().Select(e => e.Key).ToArray());
    }

    [Fact]
    public void ToTrailers_ReturnsANewCollectionEachTime()
    {
        var encoded = WireSamples.Encode(new RichStatus(StatusCode.Internal, "m"));

        var first = encoded.ToTrailers();
        first.Add("x-later", "added");

        Assert.NotSame(first, encoded.ToTrailers());
        Assert.Single(encoded.ToTrailers());
    }

    [Fact]
    public void ReplaceContentsOf_ClearsTheDestinationAndIsRecognisedAsWritten()
    {
        var encoded = WireSamples.Encode(new RichStatus(StatusCode.Internal, "m"), trailers: [new("x-a", "1")]);
        var destination = new Metadata { { "x-old", "gone" } };

        encoded.ReplaceContentsOf(destination);

        Assert.Equal(["x-a", StatusTrailers.DetailsKey], destination.Select(e => e.Key).ToArray());
        Assert.True(encoded.IsWrittenIn(destination));
        destination.Add("x-new", "changed");
        Assert.False(encoded.IsWrittenIn(destination));
    }

    [Fact]
    public void Encode_DetailsTrailerBytes_ParseWithProtobufDirectly()
    {
        var status = RichErrorSamples.Everything();

        var encoded = WireSamples.Encode(status);

        var proto = Google.Rpc.Status.Parser.ParseFrom(encoded.Details!.ValueBytes);
        Assert.Equal(status.Details.Count - 1, proto.Details.Count);
        Assert.Equal(ByteString.CopyFrom(RichErrorSamples.UnknownBytes), proto.Details.Last().Value);
    }
}
