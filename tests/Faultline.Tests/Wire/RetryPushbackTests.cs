using Google.Protobuf.WellKnownTypes;
using Google.Rpc;

namespace Faultline.Tests.Wire;

/// <summary><c>grpc-retry-pushback-ms</c> (gRFC A6) announced from a RetryInfo detail.</summary>
public class RetryPushbackTests
{
    private static RichStatus WithRetryDelay(Duration? delay) =>
        RichStatus.Create(StatusCode.Unavailable, "later").AddDetail(new RetryInfo { RetryDelay = delay }).Build();

    private static string? PushbackOf(RichStatus status, bool enabled = true) =>
        WireSamples.Encode(status, pushback: enabled).ToTrailers().Get(StatusTrailers.PushbackKey)?.Value;

    [Theory]
    [InlineData(0, 0, "0")]
    [InlineData(1, 500_000_000, "1500")]
    [InlineData(2, 0, "2000")]
    [InlineData(0, 1_000_000, "1")]
    [InlineData(0, 1, "1")] // a nanosecond still means "wait": rounded up, never to zero
    [InlineData(0, 1_500_000, "2")]
    [InlineData(1, 999_999_999, "2000")]
    [InlineData(3600, 0, "3600000")]
    public void Pushback_RetryDelay_IsWholeMillisecondsRoundedUp(long seconds, int nanos, string expected)
    {
        Assert.Equal(expected, PushbackOf(WithRetryDelay(new Duration { Seconds = seconds, Nanos = nanos })));
    }

    [Fact]
    public void Pushback_FromTimeSpan_IsItsMilliseconds()
    {
        var status = RichStatus.Create(StatusCode.ResourceExhausted, "slow down").AddRetryInfo(TimeSpan.FromMilliseconds(250)).Build();

        Assert.Equal("250", PushbackOf(status));
    }

    [Theory]
    [InlineData(-1, 0)]
    [InlineData(0, -5_000_000)]
    [InlineData(-315_576_000_000, 0)]
    public void Pushback_NegativeDelay_IsClampedToZero(long seconds, int nanos)
    {
        Assert.Equal("0", PushbackOf(WithRetryDelay(new Duration { Seconds = seconds, Nanos = nanos })));
    }

    [Theory]
    [InlineData(2_147_484, 0)] // just over int.MaxValue milliseconds
    [InlineData(315_576_000_000, 999_999_999)] // Duration's maximum
    public void Pushback_HugeDelay_IsClampedToIntMaxValue(long seconds, int nanos)
    {
        Assert.Equal(int.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture), PushbackOf(WithRetryDelay(new Duration { Seconds = seconds, Nanos = nanos })));
    }

    [Fact]
    public void Pushback_DenormalizedDuration_IsReadFromItsFields()
    {
        // Seconds and nanos of opposite signs are invalid for Duration.ToTimeSpan, but still a delay.
        Assert.Equal("500", PushbackOf(WithRetryDelay(new Duration { Seconds = 1, Nanos = -500_000_000 })));
    }

    [Fact]
    public void Pushback_NoRetryInfo_IsAbsent()
    {
        var status = RichStatus.Create(StatusCode.Unavailable, "down").AddRequestInfo("r").Build();

        Assert.Null(PushbackOf(status));
        Assert.Null(WireSamples.Encode(status).RetryPushback);
    }

    [Fact]
    public void Pushback_RetryInfoWithoutDelay_IsAbsent()
    {
        Assert.Null(PushbackOf(WithRetryDelay(null)));
    }

    [Fact]
    public void Pushback_Disabled_IsAbsentButRetryInfoIsStillSent()
    {
        var status = RichStatus.Create(StatusCode.Unavailable, "later").AddRetryInfo(TimeSpan.FromSeconds(3)).Build();

        var encoded = WireSamples.Encode(status, pushback: false);

        Assert.Null(encoded.ToTrailers().Get(StatusTrailers.PushbackKey));
        Assert.Equal(3, StatusTrailers.SingleDetails(encoded.ToTrailers()).Details.Single().Unpack<RetryInfo>().RetryDelay.Seconds);
    }

    [Fact]
    public void Pushback_SeveralRetryInfos_UsesTheFirst()
    {
        var status = RichStatus.Create(StatusCode.Unavailable, "later").AddRetryInfo(TimeSpan.FromSeconds(1)).AddRetryInfo(TimeSpan.FromSeconds(9)).Build();

        Assert.Equal("1000", PushbackOf(status));
    }

    [Fact]
    public void Pushback_IsExactlyOneTrailerEvenWhenTheApplicationSetOne()
    {
        var status = RichStatus.Create(StatusCode.Unavailable, "later").AddRetryInfo(TimeSpan.FromSeconds(1)).Build();

        var trailers = WireSamples.Encode(status, trailers: [new(StatusTrailers.PushbackKey, "-1"), new(StatusTrailers.PushbackKey, "5")]).ToTrailers();

        Assert.Equal("1000", Assert.Single(trailers, e => e.Key == StatusTrailers.PushbackKey).Value);
    }
}
