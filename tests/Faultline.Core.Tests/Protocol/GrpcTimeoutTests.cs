using System.Text.RegularExpressions;
using Faultline.Protocol;

namespace Faultline.Core.Tests;

public class GrpcTimeoutTests
{
    private static readonly Regex WireFormat = new("^[0-9]{1,8}[HMSmun]$", RegexOptions.CultureInvariant);

    public static TheoryData<string, long> ValidValues => new()
    {
        { "1H", TimeSpan.TicksPerHour },
        { "2M", 2 * TimeSpan.TicksPerMinute },
        { "3S", 3 * TimeSpan.TicksPerSecond },
        { "4m", 4 * TimeSpan.TicksPerMillisecond },
        { "5u", 5 * TimeSpan.TicksPerMicrosecond },
        { "500n", 5 },
        { "100n", 1 },
        { "0S", 0 },
        { "00000010S", 10 * TimeSpan.TicksPerSecond },
        { "99999999m", 99_999_999 * TimeSpan.TicksPerMillisecond },
        { "99999999S", 99_999_999 * TimeSpan.TicksPerSecond },
    };

    [Theory]
    [MemberData(nameof(ValidValues))]
    public void TryParse_EveryUnit_ParsesExactValue(string value, long expectedTicks)
    {
        Assert.True(GrpcTimeout.TryParse(value, out var timeout));
        Assert.Equal(TimeSpan.FromTicks(expectedTicks), timeout);
    }

    [Theory]
    [InlineData("1n", 1)]
    [InlineData("99n", 1)]
    [InlineData("101n", 2)]
    [InlineData("199n", 2)]
    [InlineData("201n", 3)]
    public void TryParse_Nanoseconds_RoundUpToWholeTicks(string value, long expectedTicks)
    {
        Assert.True(GrpcTimeout.TryParse(value, out var timeout));
        Assert.Equal(expectedTicks, timeout.Ticks);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("S")]
    [InlineData("1")]
    [InlineData("10")]
    [InlineData("12345678")]
    [InlineData("1x")]
    [InlineData("1s")]
    [InlineData("1h")]
    [InlineData("1U")]
    [InlineData("1N")]
    [InlineData("123456789S")]
    [InlineData("-1S")]
    [InlineData("+1S")]
    [InlineData(" 1S")]
    [InlineData("1S ")]
    [InlineData("1 S")]
    [InlineData("1.5S")]
    [InlineData("1,2S")]
    [InlineData("1SS")]
    [InlineData("\u0661S")] // Arabic-Indic digit one
    [InlineData("1S,2S")]
    public void TryParse_InvalidValue_ReturnsFalse(string? value)
    {
        Assert.False(GrpcTimeout.TryParse(value, out var timeout));
        Assert.Equal(default, timeout);
    }

    [Theory]
    [InlineData("99999999H")]
    [InlineData("99999999M")]
    [InlineData("1666667M")]
    [InlineData("27778H")]
    public void TryParse_AboveMaximum_ClampsTo99999999Seconds(string value)
    {
        Assert.True(GrpcTimeout.TryParse(value, out var timeout));
        Assert.Equal(TimeSpan.FromSeconds(99_999_999), timeout);
        Assert.Equal(TimeSpan.FromSeconds(99_999_999), GrpcTimeout.MaxTimeout);
    }

    [Fact]
    public void TryParse_JustBelowMaximum_IsNotClamped()
    {
        Assert.True(GrpcTimeout.TryParse("1666666M", out var timeout));
        Assert.Equal(TimeSpan.FromMinutes(1_666_666), timeout);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(long.MinValue)]
    public void Encode_ZeroOrNegative_Is1n(long ticks)
    {
        Assert.Equal("1n", GrpcTimeout.Encode(TimeSpan.FromTicks(ticks)));
    }

    [Theory]
    [InlineData(1, "100n")]
    [InlineData(999_999, "99999900n")]
    [InlineData(1_000_000, "100000u")]
    [InlineData(1_000_001, "100001u")]
    [InlineData(1_000_009, "100001u")]
    [InlineData(999_999_990, "99999999u")]
    [InlineData(999_999_991, "100000m")]
    [InlineData(999_999_999_991, "100000S")]
    public void Encode_FinestUnitThatFits_RoundedUp(long ticks, string expected)
    {
        Assert.Equal(expected, GrpcTimeout.Encode(TimeSpan.FromTicks(ticks)));
    }

    [Theory]
    [InlineData(1.5, "1500000u")]
    [InlineData(3600, "3600000m")]
    [InlineData(86_400, "86400000m")]
    [InlineData(100_000, "100000S")]
    [InlineData(99_999_999, "99999999S")]
    public void Encode_Seconds_UsesFinestUnitThatFits(double seconds, string expected)
    {
        Assert.Equal(expected, GrpcTimeout.Encode(TimeSpan.FromSeconds(seconds)));
    }

    [Fact]
    public void Encode_PartialUnit_RoundsUp()
    {
        // One day and one tick: 86,400,000,001 us does not fit, so milliseconds, rounded up.
        var timeout = TimeSpan.FromDays(1) + TimeSpan.FromTicks(1);
        var encoded = GrpcTimeout.Encode(timeout);
        Assert.Equal("86400001m", encoded);
    }

    public static IEnumerable<object[]> RoundTripInputs()
    {
        long[] fixedTicks =
        [
            1, 7, 99, 100, 12_345, 999_999, 1_000_000, 1_000_001, 123_456_789, 999_999_999_999,
            1_000_000_000_001, TimeSpan.TicksPerDay + 3, 36_000_000_000_001,
            99_999_999 * TimeSpan.TicksPerSecond - 1, 99_999_999 * TimeSpan.TicksPerSecond,
        ];
        foreach (var t in fixedTicks)
        {
            yield return [t];
        }

        var random = new Random(1234);
        for (var i = 0; i < 40; i++)
        {
            // Log-uniform between 1 tick and the maximum timeout.
            var exponent = random.NextDouble() * Math.Log10(99_999_999.0 * TimeSpan.TicksPerSecond);
            yield return [Math.Max(1, (long)Math.Pow(10, exponent))];
        }
    }

    [Theory]
    [MemberData(nameof(RoundTripInputs))]
    public void EncodeThenParse_NeverShorterThanInput_AtMost8Digits(long ticks)
    {
        var timeout = TimeSpan.FromTicks(ticks);
        var encoded = GrpcTimeout.Encode(timeout);
        Assert.Matches(WireFormat, encoded);
        Assert.True(GrpcTimeout.TryParse(encoded, out var parsed), encoded);
        Assert.True(parsed >= timeout, $"{encoded} parsed to {parsed.Ticks} ticks, shorter than {ticks}");
        // Rounding up costs less than one unit, and a coarser unit is only chosen when the finer one
        // (at most 1000x finer) needed more than 8 digits, so the overshoot is below 1/100,000.
        Assert.True(parsed.Ticks - ticks <= ticks / 100_000 + 1, $"{encoded} overshoots {ticks} ticks by {parsed.Ticks - ticks}");
    }

    [Theory]
    [InlineData(100_000_000)]
    [InlineData(1_000_000_000)]
    [InlineData(100_000_000_000)]
    public void Encode_AboveMaximum_IsValidAndParsesToMaximum(long seconds)
    {
        var encoded = GrpcTimeout.Encode(TimeSpan.FromSeconds(seconds));
        Assert.Matches(WireFormat, encoded);
        Assert.True(GrpcTimeout.TryParse(encoded, out var parsed));
        Assert.Equal(GrpcTimeout.MaxTimeout, parsed);
    }

    // (ticks + perUnit - 1) overflows for timeouts within an hour of TimeSpan.MaxValue and yields a
    // negative amount, e.g. "-922337203685477580u".
    [Theory]
    [InlineData(long.MaxValue)]
    [InlineData(long.MaxValue - 5)]
    [InlineData(long.MaxValue - 1_000)]
    [InlineData(long.MaxValue - 1_000_000)]
    public void Encode_NearTimeSpanMaxValue_IsValidAndParsesToMaximum(long ticks)
    {
        var encoded = GrpcTimeout.Encode(TimeSpan.FromTicks(ticks));
        Assert.Matches(WireFormat, encoded);
        Assert.True(GrpcTimeout.TryParse(encoded, out var parsed));
        Assert.Equal(GrpcTimeout.MaxTimeout, parsed);
    }
}
