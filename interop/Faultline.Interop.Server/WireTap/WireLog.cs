using System.Collections.Concurrent;

namespace Faultline.Interop.Server.WireTap;

/// <summary>The calls the server has seen, newest last (the last 1000 are kept).</summary>
public sealed class WireLog
{
    private const int Capacity = 1000;
    private readonly ConcurrentQueue<CallRecord> _calls = new();

    /// <summary>Raised when a call has completed (on the request's thread).</summary>
    public event Action<CallRecord>? CallCompleted;

    public IReadOnlyList<CallRecord> Calls => _calls.ToArray();

    public void Clear() => _calls.Clear();

    internal void Started(CallRecord call)
    {
        _calls.Enqueue(call);
        while (_calls.Count > Capacity && _calls.TryDequeue(out _))
        {
        }
    }

    internal void Completed(CallRecord call) => CallCompleted?.Invoke(call);

    public override string ToString() => string.Join("\n", _calls);
}
