using System.Collections.Concurrent;
using System.Diagnostics;

namespace Faultline.RichInteropTests.Services;

/// <summary>The attempts the server saw per call key, for the retry tests.</summary>
public sealed class AttemptLog
{
    private readonly ConcurrentDictionary<string, List<AttemptRecord>> _attempts = new();

    /// <summary>Records an attempt; returns how many there have been for <paramref name="key"/>, this one included.</summary>
    /// <param name="key">The logical call.</param>
    /// <param name="previousAttempts">The attempt's <c>grpc-previous-rpc-attempts</c> header, if any (set by A6 clients on retries).</param>
    public int Record(string key, string? previousAttempts)
    {
        var records = _attempts.GetOrAdd(key, _ => []);
        lock (records)
        {
            records.Add(new AttemptRecord(Stopwatch.GetTimestamp(), previousAttempts));
            return records.Count;
        }
    }

    public IReadOnlyList<AttemptRecord> Of(string key)
    {
        if (!_attempts.TryGetValue(key, out var records))
        {
            return [];
        }

        lock (records)
        {
            return records.ToArray();
        }
    }
}

/// <summary>One attempt: when it arrived and the retry count its client declared.</summary>
public sealed record AttemptRecord(long Timestamp, string? PreviousAttempts)
{
    /// <summary>The time from <paramref name="earlier"/> to this attempt.</summary>
    public TimeSpan Since(AttemptRecord earlier) => Stopwatch.GetElapsedTime(earlier.Timestamp, Timestamp);

    public override string ToString() => $"attempt (grpc-previous-rpc-attempts={PreviousAttempts ?? "<absent>"})";
}
