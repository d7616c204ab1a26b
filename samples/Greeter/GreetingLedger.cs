using System.Collections.Concurrent;

namespace Greeter;

/// <summary>Remembers who has been greeted: the LimitedGreeter allows one greeting per person.</summary>
public sealed class GreetingLedger
{
    private readonly ConcurrentDictionary<string, byte> _greeted = new(StringComparer.Ordinal);

    /// <summary>Records <paramref name="name"/>; false when it was already greeted.</summary>
    public bool TryRecord(string name) => _greeted.TryAdd(name, 0);
}
