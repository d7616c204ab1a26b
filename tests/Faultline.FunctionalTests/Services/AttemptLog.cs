using System.Collections.Concurrent;

namespace Faultline.FunctionalTests.Services;

/// <summary>Counts the attempts the server saw per key, with when each arrived, for the retry tests.</summary>
public sealed class AttemptLog
{
    private readonly ConcurrentDictionary<string, List<DateTimeOffset>> _attempts = new();

    /// <summary>Records an attempt for <paramref name="key"/>; returns how many there have been, this one included.</summary>
    public int Record(string key)
    {
        var times = _attempts.GetOrAdd(key, _ => []);
        lock (times)
        {
            times.Add(DateTimeOffset.UtcNow);
            return times.Count;
        }
    }

    public IReadOnlyList<DateTimeOffset> Of(string key)
    {
        if (!_attempts.TryGetValue(key, out var times))
        {
            return [];
        }

        lock (times)
        {
            return times.ToArray();
        }
    }
}
