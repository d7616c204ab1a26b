using System.Buffers;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Faultline.Core.Tests;

public class MethodTests
{
    private static readonly Marshaller<StringValue> StringMarshaller = Marshallers.ForProtobuf(StringValue.Parser);

    [Fact]
    public void Method_FullName_IsSlashServiceSlashName()
    {
        var method = new Method<StringValue, StringValue>(MethodType.Unary, "helloworld.Greeter", "SayHello", StringMarshaller, StringMarshaller);
        Assert.Equal("/helloworld.Greeter/SayHello", method.FullName);
        Assert.Equal("/helloworld.Greeter/SayHello", method.ToString());
        Assert.Equal("helloworld.Greeter", method.ServiceName);
        Assert.Equal("SayHello", method.Name);
        Assert.Equal(MethodType.Unary, method.Type);
        Assert.Same(StringMarshaller, method.RequestMarshaller);
    }

    [Fact]
    public void Method_InvalidArguments_Throw()
    {
        Assert.ThrowsAny<ArgumentException>(() => new Method<StringValue, StringValue>(MethodType.Unary, "", "M", StringMarshaller, StringMarshaller));
        Assert.ThrowsAny<ArgumentException>(() => new Method<StringValue, StringValue>(MethodType.Unary, "S", null!, StringMarshaller, StringMarshaller));
        Assert.Throws<ArgumentNullException>(() => new Method<StringValue, StringValue>(MethodType.Unary, "S", "M", null!, StringMarshaller));
        Assert.Throws<ArgumentNullException>(() => new Method<StringValue, StringValue>(MethodType.Unary, "S", "M", StringMarshaller, null!));
    }

    [Fact]
    public void ForProtobuf_HasSizeCalculator_AndRoundTrips()
    {
        var message = new StringValue { Value = "abc" };
        Assert.True(StringMarshaller.HasSizeCalculator);
        Assert.True(StringMarshaller.TryGetSize(message, out var size));
        Assert.Equal(message.CalculateSize(), size);

        var writer = new ArrayBufferWriter<byte>();
        StringMarshaller.Serialize(message, writer);
        Assert.Equal(message.ToByteArray(), writer.WrittenSpan.ToArray());
        Assert.Equal(message, StringMarshaller.Deserialize(new ReadOnlySequence<byte>(writer.WrittenMemory)));
    }

    [Fact]
    public void ByteArrayMarshaller_HasNoSizeCalculator_AndRoundTrips()
    {
        var marshaller = Marshallers.Create<string>(s => System.Text.Encoding.UTF8.GetBytes(s), b => System.Text.Encoding.UTF8.GetString(b));
        Assert.False(marshaller.HasSizeCalculator);
        Assert.False(marshaller.TryGetSize("x", out var size));
        Assert.Equal(0, size);
        var writer = new ArrayBufferWriter<byte>();
        marshaller.Serialize("h\u00e9", writer);
        Assert.Equal("h\u00e9", marshaller.Deserialize(new ReadOnlySequence<byte>(writer.WrittenMemory)));
    }

    [Fact]
    public void Marshaller_NullDelegates_Throw()
    {
        Assert.Throws<ArgumentNullException>(() => new Marshaller<string>((Func<string, byte[]>)null!, b => ""));
        Assert.Throws<ArgumentNullException>(() => new Marshaller<string>(s => [], (Func<byte[], string>)null!));
        Assert.Throws<ArgumentNullException>(() => Marshallers.ForProtobuf<StringValue>(null!));
    }

    [Fact]
    public void CallOptions_WithMethods_ReturnModifiedCopies()
    {
        var headers = new Metadata { { "k", "v" } };
        var deadline = new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        using var cts = new CancellationTokenSource();
        var options = new CallOptions()
            .WithHeaders(headers)
            .WithDeadline(deadline)
            .WithCancellationToken(cts.Token)
            .WithCompression("gzip");
        Assert.Same(headers, options.Headers);
        Assert.Equal(deadline, options.Deadline);
        Assert.Equal(cts.Token, options.CancellationToken);
        Assert.Equal("gzip", options.Compression);
        Assert.Null(default(CallOptions).Headers);
        Assert.Null(default(CallOptions).Deadline);
    }
}
