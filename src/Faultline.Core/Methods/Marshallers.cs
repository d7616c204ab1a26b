using Google.Protobuf;

namespace Faultline;

/// <summary>Factory methods for common marshallers.</summary>
public static class Marshallers
{
    /// <summary>A marshaller for a protobuf message type, serializing without intermediate copies.</summary>
    public static Marshaller<T> ForProtobuf<T>(MessageParser<T> parser)
        where T : IMessage<T>
    {
        ArgumentNullException.ThrowIfNull(parser);
        return new Marshaller<T>(
            static (message, writer) => message.WriteTo(writer),
            parser.ParseFrom,
            static message => message.CalculateSize());
    }

    /// <summary>A marshaller from byte-array delegates.</summary>
    public static Marshaller<T> Create<T>(Func<T, byte[]> serializer, Func<byte[], T> deserializer) => new(serializer, deserializer);
}
