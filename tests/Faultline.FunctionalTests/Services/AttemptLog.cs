using System.Collections.Concurrent;

namespace Faultline.FunctionalTests.Services;

/// <summary>Counts the attempts the server saw per key, with when each arrived, for the retry tests.</summary>
public sealed class AttemptLog
{
    private readonly ConcurrentDictionary<string, List<DateTimeOffset>> _attempts = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _firsts = new();

    /// <summary>Records an attempt for <paramref name="key"/>; returns how many there have been, this one included.</summary>
    public int Record(string key)
    {
        var times = _attempts.GetOrAdd(key, _ => []);
        lock (times)
        {
            times.Add(DateTimeOffset.UtcNow);
            FirstOf(key).TrySetResult();
            return times.Count;
        }
    }

    /// <summary>Completes when the first attempt for <paramref name="key"/> has arrived (at once if it has).</summary>
    public Task FirstAsync(string key) => FirstOf(key).Task;

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

    private TaskCompletionSource FirstOf(string key) => _firsts.GetOrAdd(key, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
