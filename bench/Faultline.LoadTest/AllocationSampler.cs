using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace Faultline.LoadTest;

/// <summary>
/// A poor man's allocation profiler: listens to the runtime's <c>GCAllocationTick</c> event, which
/// fires about every 100 KB allocated and names the type of the object that crossed the threshold,
/// so the ticks per type are a sample proportional to the bytes allocated of that type. Only ticks
/// while a label is set are counted, under that label. Client and server share the process, so a
/// server's own allocations are the difference between its profile and the other server's.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly ConcurrentDictionary<(string Label, string Type), long> _bytes = new();
    private volatile string? _label;

    public string? Label
    {
        get => _label;
        set => _label = value;
    }

    /// <summary>Sampled bytes per type for <paramref name="label"/>.</summary>
    public IReadOnlyList<(string Type, long Bytes)> All(string label) => _bytes
        .Where(e => e.Key.Label == label)
        .Select(e => (e.Key.Type, e.Value))
        .ToList();

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (_label is not { } label || eventData.EventName is null || !eventData.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal) || eventData.PayloadNames is null)
        {
            return;
        }

        var type = Payload(eventData, "TypeName") as string ?? "?";
        var amount = Payload(eventData, "AllocationAmount64") is ulong amount64 ? (long)amount64 : Convert.ToInt64(Payload(eventData, "AllocationAmount") ?? 0, System.Globalization.CultureInfo.InvariantCulture);
        _bytes.AddOrUpdate((label, type), amount, (_, total) => total + amount);
    }

    private static object? Payload(EventWrittenEventArgs eventData, string name)
    {
        var index = eventData.PayloadNames!.IndexOf(name);
        return index >= 0 ? eventData.Payload![index] : null;
    }
}
