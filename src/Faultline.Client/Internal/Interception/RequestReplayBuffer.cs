using Google.Protobuf;

namespace Faultline.Client.Internal.Interception;

/// <summary>
/// The requests of a streaming call kept for another attempt, from the first on, up to a byte limit:
/// protobuf messages measured with <c>CalculateSize</c>, others by serializing them with the
/// method's marshaller. Messages are kept by reference, as the caller wrote them.
/// </summary>
internal sealed class RequestReplayBuffer<TRequest>(int limit, Func<TRequest, byte[]> serialize)
{
    private readonly List<TRequest> _messages = [];
    private long _bytes;

    public int Count => _messages.Count;

    public TRequest this[int index] => _messages[index];

    /// <summary>Keeps <paramref name="message"/>; false, keeping nothing, when it would pass the limit.</summary>
    public bool TryAdd(TRequest message)
    {
        var size = message is IMessage protobuf ? protobuf.CalculateSize() : serialize(message).Length;
        if (_bytes + size > limit)
        {
            return false;
        }

        _bytes += size;
        _messages.Add(message);
        return true;
    }
}
