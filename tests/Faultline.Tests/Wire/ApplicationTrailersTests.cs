using Faultline.Internal.Wire;
using Google.Protobuf;

namespace Faultline.Tests.Wire;

/// <summary>Which of the application's own trailers go out with a status.</summary>
public class ApplicationTrailersTests
{
    private static EncodedStatus EncodeWith(params Metadata.Entry[] trailers) =>
        WireSamples.Encode(RichStatus.Create(StatusCode.NotFound, "m").AddRequestInfo("r").Build(), trailers: trailers);

    [Fact]
    public void PrintableAsciiAndBinaryTrailers_AreKeptInOrder()
    {
        var binary = new byte[] { 0, 10, 13, 127, 128, 255 };

        var encoded = EncodeWith(new("x-a", "plain value ~!@#$%^&*()"), new("x-b-bin", binary), new("x-c", ""), new("x-a", "second"));

        Assert.Equal(["x-a", "x-b-bin", "x-c", "x-a"], encoded.ApplicationTrailers.Select(e => e.Key).ToArray());
        Assert.Equal(binary, encoded.ApplicationTrailers[1].ValueBytes);
        Assert.Equal(["plain value ~!@#$%^&*()", "second"], encoded.ToTrailers().GetAll("x-a").Select(e => e.Value).ToArray());
        Assert.Empty(encoded.Trim.DroppedInvalidTrailers);
    }

    [Theory]
    [InlineData("Zoë")]
    [InlineData("tab\there")]
    [InlineData("line\nbreak")]
    [InlineData("carriage\rreturn")]
    [InlineData("nul\0")]
    [InlineData("del\u007F")]
    [InlineData("nbsp\u00A0")]
    [InlineData("emoji 😀")]
    [InlineData("\u0080")]
    public void NonPrintableAsciiTextTrailer_IsDroppedAndReported(string value)
    {
        var encoded = EncodeWith(new("x-before", "ok"), new("x-bad", value), new("x-after", "ok"));

        Assert.Equal(["x-before", "x-after"], encoded.ApplicationTrailers.Select(e => e.Key).ToArray());
        Assert.Equal(["x-bad"], encoded.Trim.DroppedInvalidTrailers);
        Assert.False(encoded.Trim.ExceededBudget);
        StatusTrailers.AssertAgrees(encoded.Status, encoded.ToTrailers());
    }

    [Fact]
    public void SeveralInvalidTrailers_AreAllReported()
    {
        var encoded = EncodeWith(new("x-one", "é"), new("x-two", "\n"), new("x-one", "ü"));

        Assert.Empty(encoded.ApplicationTrailers);
        Assert.Equal(["x-one", "x-two", "x-one"], encoded.Trim.DroppedInvalidTrailers);
    }

    [Theory]
    [InlineData("grpc-status", "0")]
    [InlineData("grpc-message", "forged")]
    [InlineData("grpc-retry-pushback-ms", "1")]
    [InlineData("Grpc-Status", "0")]
    [InlineData("GRPC-MESSAGE", "forged")]
    public void FaultlineOwnedTextKeys_AreNeverCopied(string key, string value)
    {
        var encoded = EncodeWith(new(key, value), new("x-kept", "1"));

        Assert.Equal(["x-kept"], encoded.ApplicationTrailers.Select(e => e.Key).ToArray());
        Assert.Empty(encoded.Trim.DroppedInvalidTrailers);
        var trailers = encoded.ToTrailers();
        Assert.Null(trailers.Get("grpc-status"));
        Assert.Null(trailers.Get("grpc-message"));
        Assert.Null(trailers.Get(StatusTrailers.PushbackKey));
    }

    [Fact]
    public void ApplicationDetailsTrailers_AreNeverCopied()
    {
        var forgedBytes = new Google.Rpc.Status { Code = 0, Message = "forged" }.ToByteArray();

        var encoded = EncodeWith(new(StatusTrailers.DetailsKey, forgedBytes), new("GRPC-STATUS-DETAILS-BIN", [0xFF]));

        Assert.Empty(encoded.ApplicationTrailers);
        var proto = StatusTrailers.AssertAgrees(encoded.Status, encoded.ToTrailers());
        Assert.Equal("m", proto.Message);
    }

    [Theory]
    [InlineData("grpc-status-details-bin", true)]
    [InlineData("grpc-retry-pushback-ms", true)]
    [InlineData("grpc-status", true)]
    [InlineData("grpc-message", true)]
    [InlineData("GRPC-STATUS", true)]
    [InlineData("grpc-encoding", false)]
    [InlineData("x-grpc-status", false)]
    [InlineData("grpc-status-details", false)]
    public void IsOwnedByFaultline_NamesExactlyTheStatusTrailers(string key, bool owned)
    {
        Assert.Equal(owned, StatusHeaderNames.IsOwnedByFaultline(key));
    }

    [Fact]
    public void NullApplicationTrailers_AreNone()
    {
        var encoded = WireSamples.Encode(new RichStatus(StatusCode.Internal, "m"), trailers: null);

        Assert.Empty(encoded.ApplicationTrailers);
        Assert.Empty(encoded.Trim.DroppedInvalidTrailers);
    }
}
