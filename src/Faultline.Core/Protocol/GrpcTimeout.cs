using System.Globalization;

namespace Faultline.Protocol;

/// <summary>
/// The <c>grpc-timeout</c> header: at most 8 ASCII digits and a unit (H, M, S, m, u, n).
/// </summary>
internal static class GrpcTimeout
{
    private const long MaxValue = 99_999_999;

    /// <summary>The longest timeout the header can carry (99,999,999 hours is beyond TimeSpan; the spec's clamp is in seconds).</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromSeconds(MaxValue);

    /// <summary>Parses a header value; false (ignore the header) when it is not a valid timeout.</summary>
    public static bool TryParse(string? value, out TimeSpan timeout)
    {
        timeout = default;
        if (string.IsNullOrEmpty(value) || value.Length < 2 || value.Length > 9)
        {
            return false;
        }

        var digits = value.AsSpan(0, value.Length - 1);
        foreach (var c in digits)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        var amount = long.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
        double ticks = value[^1] switch
        {
            'H' => amount * (double)TimeSpan.TicksPerHour,
            'M' => amount * (double)TimeSpan.TicksPerMinute,
            'S' => amount * (double)TimeSpan.TicksPerSecond,
            'm' => amount * (double)TimeSpan.TicksPerMillisecond,
            'u' => amount * (double)TimeSpan.TicksPerMicrosecond,
            'n' => Math.Ceiling(amount / 100.0),
            _ => -1,
        };
        if (ticks < 0)
        {
            return false;
        }

        timeout = ticks >= MaxTimeout.Ticks ? MaxTimeout : TimeSpan.FromTicks((long)ticks);
        return true;
    }

    /// <summary>
    /// Encodes a timeout: the finest unit whose value fits in 8 digits, rounded up so the server
    /// never sees a shorter deadline than the client; <c>1n</c> for zero or negative.
    /// </summary>
    public static string Encode(TimeSpan timeout)
    {
        if (timeout <= TimeSpan.Zero)
        {
            return "1n";
        }

        if (timeout >= MaxTimeout)
        {
            // Also keeps the rounding below from overflowing near TimeSpan.MaxValue.
            return Format(MaxValue, 'S');
        }

        var ticks = timeout.Ticks;
        // One tick is 100 ns.
        if (ticks <= MaxValue / 100)
        {
            return Format(ticks * 100, 'n');
        }

        ReadOnlySpan<(long TicksPerUnit, char Unit)> units =
        [
            (TimeSpan.TicksPerMicrosecond, 'u'),
            (TimeSpan.TicksPerMillisecond, 'm'),
            (TimeSpan.TicksPerSecond, 'S'),
            (TimeSpan.TicksPerMinute, 'M'),
            (TimeSpan.TicksPerHour, 'H'),
        ];
        foreach (var (perUnit, unit) in units)
        {
            var amount = (ticks + perUnit - 1) / perUnit;
            if (amount <= MaxValue)
            {
                return Format(amount, unit);
            }
        }

        return Format(MaxValue, 'H');
    }

    private static string Format(long amount, char unit) => amount.ToString(CultureInfo.InvariantCulture) + unit;
}
