using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using Faultline.Compression;
using Faultline.Core.Tests.Infrastructure;
using Faultline.Protocol;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Faultline.Core.Tests;

public class GrpcMessageWriterTests
{
    private static readonly Marshaller<StringValue> StringMarshaller = Marshallers.ForProtobuf(StringValue.Parser);
    private static readonly Marshaller<Struct> StructMarshaller = Marshallers.ForProtobuf(Struct.Parser);
    private static readonly Marshaller<byte[]> Bytes = TestMarshallers.Bytes;

    private static byte[] WriteToArray<T>(T message, Marshaller<T> marshaller, ICompressionProvider? compression = null, int? max = null)
    {
        var output = new ArrayBufferWriter<byte>();
        GrpcMessageWriter.Write(output, message, marshaller, compression, max, "request");
        return output.WrittenSpan.ToArray();
    }

    [Fact]
    public void Write_ProtobufMessage_WritesExactFrame()
    {
        var bytes = WriteToArray(new StringValue { Value = "hi" }, StringMarshaller);
        // flag 0, length 4 big-endian, then field 1 (0x0A) length 2 "hi".
        Assert.Equal(new byte[] { 0, 0, 0, 0, 4, 0x0A, 2, (byte)'h', (byte)'i' }, bytes);
    }

    [Fact]
    public void Write_EmptyProtobufMessage_WritesHeaderOnly()
    {
        Assert.Equal(new byte[] { 0, 0, 0, 0, 0 }, WriteToArray(new StringValue(), StringMarshaller));
    }

    [Fact]
    public void Write_ByteArrayMarshallerWithoutSizeCalculator_WritesExactFrame()
    {
        Assert.False(Bytes.HasSizeCalculator);
        var payload = Frames.Random(0x010203);
        var bytes = WriteToArray(payload, Bytes);
        Assert.Equal(new byte[] { 0, 0, 0x01, 0x02, 0x03 }, bytes[..5]);
        Assert.Equal(payload, bytes[5..]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(255)]
    [InlineData(256)]
    [InlineData(65_536)]
    public void Write_LengthPrefix_IsBigEndianPayloadLength(int length)
    {
        var bytes = WriteToArray(new byte[length], Bytes);
        Assert.Equal(0, bytes[0]);
        Assert.Equal((uint)length, BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(1, 4)));
        Assert.Equal(length + 5, bytes.Length);
    }

    [Fact]
    public void Write_ProtobufAndByteArrayPaths_ProduceSameBytes()
    {
        var message = new StringValue { Value = new string('z', 300) };
        Assert.Equal(WriteToArray(message.ToByteArray(), Bytes), WriteToArray(message, StringMarshaller));
    }

    [Fact]
    public void Write_Gzip_SetsFlagOneAndPayloadIsReadableByGZipStream()
    {
        var message = new StringValue { Value = string.Concat(Enumerable.Repeat("compress me ", 200)) };
        var bytes = WriteToArray(message, StringMarshaller, new GzipCompressionProvider());

        Assert.Equal(1, bytes[0]);
        var length = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(1, 4));
        Assert.Equal(bytes.Length - 5, (int)length);
        Assert.True(length < message.CalculateSize(), "compressible payload should shrink");
        var decompressed = Frames.Gunzip(bytes[5..]);
        Assert.Equal(message, StringValue.Parser.ParseFrom(decompressed));
    }

    [Fact]
    public void Write_GzipEmptyMessage_IsSentUncompressed()
    {
        // Compressing zero bytes only adds a header and trailer, so an empty message goes out as is.
        var bytes = WriteToArray(new StringValue(), StringMarshaller, new GzipCompressionProvider());
        Assert.Equal(new byte[] { 0, 0, 0, 0, 0 }, bytes);
    }

    [Fact]
    public void Write_OverLimitWithSizeCalculator_ThrowsResourceExhaustedAndWritesNothing()
    {
        var output = new ArrayBufferWriter<byte>();
        var ex = Assert.ThrowsAny<GrpcException>(() =>
            GrpcMessageWriter.Write(output, new StringValue { Value = "12345" }, StringMarshaller, null, 6, "response"));
        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
        Assert.Contains("response", ex.Status.Message);
        Assert.Equal(0, output.WrittenCount);
    }

    [Fact]
    public void Write_OverLimitWithoutSizeCalculator_ThrowsResourceExhaustedAndWritesNothing()
    {
        var output = new ArrayBufferWriter<byte>();
        var ex = Assert.ThrowsAny<GrpcException>(() => GrpcMessageWriter.Write(output, new byte[101], Bytes, null, 100, "request"));
        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
        Assert.Equal(0, output.WrittenCount);
    }

    [Fact]
    public void Write_CompressedOverLimit_ThrowsResourceExhausted()
    {
        var output = new ArrayBufferWriter<byte>();
        var incompressible = Frames.Random(5000);
        var ex = Assert.ThrowsAny<GrpcException>(() => GrpcMessageWriter.Write(output, incompressible, Bytes, new GzipCompressionProvider(), 1000, "request"));
        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
        Assert.Equal(0, output.WrittenCount);
    }

    [Fact]
    public void Write_ExactlyAtLimit_Succeeds()
    {
        Assert.Equal(105, WriteToArray(new byte[100], Bytes, max: 100).Length);
        var message = new StringValue { Value = "1234" }; // 6 bytes
        Assert.Equal(11, WriteToArray(message, StringMarshaller, max: 6).Length);
    }

    [Fact]
    public void Write_SeveralMessages_AppendsFrames()
    {
        var output = new ArrayBufferWriter<byte>();
        GrpcMessageWriter.Write(output, new byte[] { 1 }, Bytes, null, null, "request");
        GrpcMessageWriter.Write(output, new byte[] { 2, 3 }, Bytes, null, null, "request");
        Assert.Equal(new byte[] { 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 2, 2, 3 }, output.WrittenSpan.ToArray());
    }

    public static IEnumerable<object?[]> Compressions()
    {
        yield return [null];
        yield return ["gzip"];
        yield return ["deflate"];
    }

    private static ICompressionProvider? Provider(string? name) =>
        name is null ? null : CompressionProviders.Default.TryGet(name, out var p) ? p : throw new InvalidOperationException(name);

    [Theory]
    [MemberData(nameof(Compressions))]
    public async Task RoundTrip_ProtobufMessagesThroughPipe(string? encoding)
    {
        var pipe = Pipes.Unbounded();
        var messages = new[]
        {
            new StringValue { Value = "first" },
            new StringValue(),
            new StringValue { Value = "unicode caf\u00e9 \U0001F600" },
            new StringValue { Value = new string('r', 100_000) },
        };
        foreach (var message in messages)
        {
            GrpcMessageWriter.Write(pipe.Writer, message, StringMarshaller, Provider(encoding), null, "request");
            await pipe.Writer.FlushAsync();
        }

        await pipe.Writer.CompleteAsync();

        var reader = new GrpcMessageReader(pipe.Reader, new MessageReaderOptions(null, encoding, CompressionProviders.Default, "request"));
        foreach (var expected in messages)
        {
            var (hasMessage, message) = await reader.ReadNextAsync(StringMarshaller, default);
            Assert.True(hasMessage);
            Assert.Equal(expected, message);
        }

        Assert.False((await reader.ReadNextAsync(StringMarshaller, default)).HasMessage);
    }

    [Theory]
    [MemberData(nameof(Compressions))]
    public async Task RoundTrip_StructMessage(string? encoding)
    {
        var message = new Struct
        {
            Fields =
            {
                ["name"] = Value.ForString("faultline"),
                ["count"] = Value.ForNumber(42),
                ["ok"] = Value.ForBool(true),
                ["nothing"] = Value.ForNull(),
                ["list"] = Value.ForList(Value.ForNumber(1), Value.ForString("two")),
                ["nested"] = Value.ForStruct(new Struct { Fields = { ["inner"] = Value.ForString("x") } }),
            },
        };
        var pipe = Pipes.Unbounded();
        GrpcMessageWriter.Write(pipe.Writer, message, StructMarshaller, Provider(encoding), null, "response");
        await pipe.Writer.CompleteAsync();

        var reader = new GrpcMessageReader(pipe.Reader, new MessageReaderOptions(4 * 1024 * 1024, encoding, CompressionProviders.Default, "response"));
        Assert.Equal(message, await reader.ReadSingleAsync(StructMarshaller, default));
    }

    [Theory]
    [MemberData(nameof(Compressions))]
    public async Task RoundTrip_ByteArrayMarshallerWithoutSizeCalculator(string? encoding)
    {
        var payloads = new[] { Array.Empty<byte>(), Frames.Random(1), Frames.Random(70_000, seed: 3), new byte[10_000] };
        var pipe = Pipes.Unbounded();
        foreach (var payload in payloads)
        {
            GrpcMessageWriter.Write(pipe.Writer, payload, Bytes, Provider(encoding), null, "request");
        }

        await pipe.Writer.CompleteAsync();
        var reader = new GrpcMessageReader(pipe.Reader, new MessageReaderOptions(null, encoding, CompressionProviders.Default, "request"));
        foreach (var payload in payloads)
        {
            Assert.Equal(payload, (await reader.ReadNextAsync(Bytes, default)).Message);
        }

        Assert.False((await reader.ReadNextAsync(Bytes, default)).HasMessage);
    }

    [Fact]
    public async Task RoundTrip_CompressedBiggerThanLimitOnlyAfterDecompression_ReaderRejects()
    {
        // The writer checks the compressed size, the reader also the decompressed size.
        var pipe = Pipes.Unbounded();
        GrpcMessageWriter.Write(pipe.Writer, new byte[200_000], Bytes, new GzipCompressionProvider(), 100_000, "request");
        await pipe.Writer.CompleteAsync();
        var reader = new GrpcMessageReader(pipe.Reader, new MessageReaderOptions(100_000, "gzip", CompressionProviders.Default, "request"));
        var ex = await Assert.ThrowsAnyAsync<GrpcException>(() => reader.ReadNextAsync(Bytes, default).AsTask());
        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
    }
}
