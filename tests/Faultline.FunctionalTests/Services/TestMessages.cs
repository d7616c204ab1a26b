using Google.Protobuf.WellKnownTypes;

namespace Faultline.FunctionalTests.Services;

/// <summary>Method descriptors of the hand-written test service (what generated code would declare).</summary>
internal static class TestMethods
{
    public const string ServiceName = "faultline.test.TestService";

    public static readonly Marshaller<StringValue> StringMarshaller = Marshallers.ForProtobuf(StringValue.Parser);
    public static readonly Marshaller<Int32Value> Int32Marshaller = Marshallers.ForProtobuf(Int32Value.Parser);

    public static readonly Method<StringValue, StringValue> Echo = new(MethodType.Unary, ServiceName, "Echo", StringMarshaller, StringMarshaller);
    public static readonly Method<StringValue, StringValue> Fail = new(MethodType.Unary, ServiceName, "Fail", StringMarshaller, StringMarshaller);
    public static readonly Method<Int32Value, StringValue> Sleep = new(MethodType.Unary, ServiceName, "Sleep", Int32Marshaller, StringMarshaller);
    public static readonly Method<StringValue, StringValue> NullResponse = new(MethodType.Unary, ServiceName, "NullResponse", StringMarshaller, StringMarshaller);
    public static readonly Method<StringValue, StringValue> RequestEncoding = new(MethodType.Unary, ServiceName, "RequestEncoding", StringMarshaller, StringMarshaller);
    public static readonly Method<StringValue, StringValue> EchoMetadata = new(MethodType.Unary, ServiceName, "EchoMetadata", StringMarshaller, StringMarshaller);
    public static readonly Method<Int32Value, StringValue> Count = new(MethodType.ServerStreaming, ServiceName, "Count", Int32Marshaller, StringMarshaller);
    public static readonly Method<StringValue, StringValue> Concat = new(MethodType.ClientStreaming, ServiceName, "Concat", StringMarshaller, StringMarshaller);
    public static readonly Method<StringValue, StringValue> EchoStream = new(MethodType.DuplexStreaming, ServiceName, "EchoStream", StringMarshaller, StringMarshaller);
}
