using System.Buffers;

namespace Faultline;

/// <summary>
/// Turns messages of type <typeparamref name="T"/> into bytes and back. The serializer writes into an
/// <see cref="IBufferWriter{T}"/> so framing code can serialize straight into the transport's buffers;
/// an optional size function lets it write the length prefix first without an intermediate copy.
/// </summary>
public sealed class Marshaller<T>
{
    private readonly Action<T, IBufferWriter<byte>> _serializer;
    private readonly Func<ReadOnlySequence<byte>, T> _deserializer;
    private readonly Func<T, int>? _sizeCalculator;

    /// <summary>Creates a marshaller from buffer-based delegates.</summary>
    /// <param name="serializer">Writes a message.</param>
    /// <param name="deserializer">Reads a message from its (decompressed) bytes.</param>
    /// <param name="sizeCalculator">Optional: the exact serialized size of a message.</param>
    public Marshaller(Action<T, IBufferWriter<byte>> serializer, Func<ReadOnlySequence<byte>, T> deserializer, Func<T, int>? sizeCalculator = null)
    {
        _serializer = serializer ?? throw new ArgumentNullException(nameof(serializer));
        _deserializer = deserializer ?? throw new ArgumentNullException(nameof(deserializer));
        _sizeCalculator = sizeCalculator;
    }

    /// <summary>Creates a marshaller from simple byte-array delegates.</summary>
    public Marshaller(Func<T, byte[]> serializer, Func<byte[], T> deserializer)
        : this(
            (message, writer) => writer.Write(serializer(message)),
            bytes => deserializer(bytes.ToArray()))
    {
        ArgumentNullException.ThrowIfNull(serializer);
        ArgumentNullException.ThrowIfNull(deserializer);
    }

    /// <summary>Whether <see cref="TryGetSize"/> can tell a message's size up front.</summary>
    public bool HasSizeCalculator => _sizeCalculator is not null;

    /// <summary>Writes <paramref name="message"/> to <paramref name="writer"/>.</summary>
    public void Serialize(T message, IBufferWriter<byte> writer) => _serializer(message, writer);

    /// <summary>Reads a message from <paramref name="payload"/>.</summary>
    public T Deserialize(ReadOnlySequence<byte> payload) => _deserializer(payload);

    /// <summary>Returns the serialized size of <paramref name="message"/> when known.</summary>
    public bool TryGetSize(T message, out int size)
    {
        if (_sizeCalculator is null)
        {
            size = 0;
            return false;
        }

        size = _sizeCalculator(message);
        return true;
    }
}
