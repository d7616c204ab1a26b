using Google.Protobuf;
using Google.Rpc;

namespace Faultline.Tests.ErrorModel;

/// <summary>The wire form a locally built exception carries in <see cref="RpcException.Trailers"/>.</summary>
public class LocalExceptionTrailersTests
{
    [Fact]
    public void Trailers_AreACopyOfTheGivenTrailersPlusOneDetailsTrailer()
    {
        var given = new Metadata { { "x-id", "7" }, { "x-blob-bin", new byte[] { 9, 8 } } };

        var ex = new NotFoundException("gone", [new ResourceInfo { ResourceName = "b1" }], given);

        Assert.NotSame(given, ex.Trailers);
        Assert.Equal(["x-id", "x-blob-bin", StatusTrailers.DetailsKey], ex.Trailers.Select(e => e.Key).ToArray());
        Assert.Equal("7", ex.Trailers.GetValue("x-id"));
        Assert.Equal(new byte[] { 9, 8 }, ex.Trailers.GetValueBytes("x-blob-bin"));
    }

    [Fact]
    public void Trailers_GivenMetadataIsNotChanged()
    {
        var given = new Metadata { { "x-id", "7" } };

        _ = RichStatus.Create(StatusCode.Unavailable, "later").AddRetryInfo(TimeSpan.FromSeconds(1)).ToException(given);

        var entry = Assert.Single(given);
        Assert.Equal("x-id", entry.Key);
    }

    [Fact]
    public void Trailers_DetailsTrailerAgreesWithStatusAndHoldsTheDetails()
    {
        var status = RichStatus.Create(StatusCode.InvalidArgument, "bad ✓ 100%").AddBadRequest(("name", "empty")).AddRequestInfo("r-1").Build();

        var ex = status.ToException();

        var proto = StatusTrailers.AssertAgrees(ex.Status, ex.Trailers);
        Assert.Equal(status.Details, proto.Details);
    }

    [Fact]
    public void Trailers_GivenDetailsTrailer_IsReplacedByExactlyOne()
    {
        var stale = new Google.Rpc.Status { Code = 13, Message = "stale" }.ToByteArray();
        var given = new Metadata { { StatusTrailers.DetailsKey, stale }, { "x-id", "7" }, { StatusTrailers.DetailsKey, new byte[] { 0xFF } } };

        var ex = new NotFoundException("fresh", trailers: given);

        var proto = StatusTrailers.AssertAgrees(ex.Status, ex.Trailers);
        Assert.Equal("fresh", proto.Message);
        Assert.Equal("7", ex.Trailers.GetValue("x-id"));
    }

    [Fact]
    public void Trailers_RetryInfo_AddsOnePushbackTrailerInWholeMilliseconds()
    {
        var ex = RichStatus.Create(StatusCode.Unavailable, "later").AddRetryInfo(TimeSpan.FromMilliseconds(1500)).ToException();

        Assert.Equal([StatusTrailers.DetailsKey, StatusTrailers.PushbackKey], ex.Trailers.Select(e => e.Key).ToArray());
        Assert.Equal("1500", ex.Trailers.GetValue(StatusTrailers.PushbackKey));
    }

    [Fact]
    public void Trailers_GivenPushbackTrailer_IsNotCopied()
    {
        var given = new Metadata { { StatusTrailers.PushbackKey, "99" } };

        var without = new UnavailableException("no retry info", trailers: given);
        var with = RichStatus.Create(StatusCode.Unavailable, "m").AddRetryInfo(TimeSpan.FromSeconds(2)).ToException(given);

        Assert.Null(without.Trailers.Get(StatusTrailers.PushbackKey));
        Assert.Equal("2000", Assert.Single(with.Trailers, e => e.Key == StatusTrailers.PushbackKey).Value);
    }

    [Fact]
    public void Trailers_DebugInfo_IsNotSentButStaysInRichStatus()
    {
        var status = RichStatus.Create(StatusCode.Internal, "boom").AddDebugInfo(["at Foo()"], "secret").AddRequestInfo("r").Build();

        var ex = status.ToException();

        var proto = StatusTrailers.AssertAgrees(ex.Status, ex.Trailers);
        Assert.Equal(["google.rpc.RequestInfo"], proto.Details.Select(d => Google.Protobuf.WellKnownTypes.Any.GetTypeName(d.TypeUrl)).ToArray());
        Assert.Same(status, ex.RichStatus);
        Assert.Equal("secret", ex.RichStatus.DebugInfo!.Detail);
    }

    [Fact]
    public void Trailers_NonAsciiTextTrailer_IsDropped()
    {
        var given = new Metadata { { "x-ok", "fine" }, { "x-name", "Zoë" } };

        var ex = new NotFoundException("m", trailers: given);

        Assert.Equal("fine", ex.Trailers.GetValue("x-ok"));
        Assert.Null(ex.Trailers.Get("x-name"));
    }

    [Fact]
    public void Trailers_OverlongMessage_IsTruncatedOnTheWireButKeptInRichStatus()
    {
        var message = new string('m', 20_000);

        var ex = new InternalException(message);

        Assert.True(ex.Status.Detail.Length < message.Length);
        Assert.StartsWith(ex.Status.Detail[..^3], message);
        Assert.Equal(message, ex.RichStatus.Message);
        StatusTrailers.AssertAgrees(ex.Status, ex.Trailers);
        Assert.True(ReferenceHeaderSize.Of(ex.LocalEncoding!) <= 8 * 1024);
    }

    [Fact]
    public void LocalEncoding_IsThatOfTheDefaultPolicy()
    {
        var ex = new NotFoundException();

        Assert.NotNull(ex.LocalEncoding);
        Assert.Equal(Faultline.Internal.Wire.StatusEncodingPolicy.Default, ex.LocalEncoding.Policy);
        Assert.True(ex.LocalEncoding.IsWrittenIn(ex.Trailers));
    }
}
