using System.IO.Compression;
using System.IO.Pipelines;
using Faultline.Compression;
using Faultline.Core.Tests.Infrastructure;
using Faultline.Protocol;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Faultline.Core.Tests;

public class GrpcMessageReaderTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);
    private static readonly Marshaller<StringValue> StringMarshaller = Marshallers.ForProtobuf(StringValue.Parser);
    private static readonly Marshaller<byte[]> Bytes = TestMarshallers.Bytes;

    private static MessageReaderOptions Options(int? max = null, string? encoding = null, CompressionProviders? providers = null) =>
        new(max, encoding, providers ?? CompressionProviders.Default, "request");

    private static GrpcMessageReader Reader(PipeReader input, int? max = null, string? encoding = null) => new(input, Options(max, encoding));

    private static async Task<GrpcException> ThrowsGrpc(StatusCode expected, Func<Task> action)
    {
        var ex = await Assert.ThrowsAnyAsync<GrpcException>(action);
        Assert.Equal(expected, ex.StatusCode);
        return ex;
    }

    [Fact]
    public async Task ReadNext_OneMessage_ReturnsItThenEndOfStream()
    {
        var message = new StringValue { Value = "hello" };
        var reader = Reader(await Pipes.CompletedWith(Frames.Frame(message.ToByteArray())));

        var (hasMessage, read) = await reader.ReadNextAsync(StringMarshaller, default);
        Assert.True(hasMessage);
        Assert.Equal("hello", read!.Value);

        var (hasMore, none) = await reader.ReadNextAsync(StringMarshaller, default);
        Assert.False(hasMore);
        Assert.Null(none);
    }

    [Fact]
    public async Task ReadNext_EmptyStream_ReturnsFalse()
    {
        var reader = Reader(await Pipes.CompletedWith([]));
        var (hasMessage, message) = await reader.ReadNextAsync(Bytes, default);
        Assert.False(hasMessage);
        Assert.Null(message);
    }

    [Fact]
    public async Task ReadNext_AfterEndOfStream_KeepsReturningFalse()
    {
        var reader = Reader(await Pipes.CompletedWith(Frames.Frame([7])));
        Assert.True((await reader.ReadNextAsync(Bytes, default)).HasMessage);
        Assert.False((await reader.ReadNextAsync(Bytes, default)).HasMessage);
        Assert.False((await reader.ReadNextAsync(Bytes, default)).HasMessage);
    }

    [Fact]
    public async Task ReadNext_ManyMessagesInOneWrite_ReturnsEachInOrder()
    {
        var bytes = new List<byte>();
        for (var i = 0; i < 50; i++)
        {
            bytes.AddRange(Frames.Frame(new StringValue { Value = "m" + i }.ToByteArray()));
        }

        var reader = Reader(await Pipes.CompletedWith([.. bytes]));
        for (var i = 0; i < 50; i++)
        {
            var (hasMessage, message) = await reader.ReadNextAsync(StringMarshaller, default);
            Assert.True(hasMessage);
            Assert.Equal("m" + i, message!.Value);
        }

        Assert.False((await reader.ReadNextAsync(StringMarshaller, default)).HasMessage);
    }

    [Fact]
    public async Task ReadNext_ZeroLengthMessage_ReturnsDefaultProtobufMessage()
    {
        var reader = Reader(await Pipes.CompletedWith([.. Frames.Frame([]), .. Frames.Frame([]), .. Frames.Frame([1, 2])]));

        var (has1, m1) = await reader.ReadNextAsync(StringMarshaller, default);
        Assert.True(has1);
        Assert.Equal(new StringValue(), m1);

        var (has2, m2) = await reader.ReadNextAsync(Bytes, default);
        Assert.True(has2);
        Assert.Empty(m2!);

        var (has3, m3) = await reader.ReadNextAsync(Bytes, default);
        Assert.True(has3);
        Assert.Equal(new byte[] { 1, 2 }, m3);
    }

    [Fact]
    public async Task ReadNext_MessageSplitIntoOneByteWrites_ReturnsMessage()
    {
        // Tiny segments so the header and payload also span several pipe segments.
        var pipe = Pipes.Unbounded(minimumSegmentSize: 1);
        var payload = Frames.Random(300);
        var frame = Frames.Frame(payload);
        var reader = Reader(pipe.Reader);

        var read = reader.ReadNextAsync(Bytes, default).AsTask();
        foreach (var b in frame[..^1])
        {
            await pipe.Writer.WriteAsync(new[] { b });
            Assert.False(read.IsCompleted);
        }

        await pipe.Writer.WriteAsync(new[] { frame[^1] });
        var (hasMessage, message) = await read.WaitAsync(Timeout);
        Assert.True(hasMessage);
        Assert.Equal(payload, message);

        await pipe.Writer.CompleteAsync();
        Assert.False((await reader.ReadNextAsync(Bytes, default)).HasMessage);
    }

    [Fact]
    public async Task ReadNext_MessagesSpanningSegmentBoundaries_AreReadCorrectly()
    {
        var payloads = Enumerable.Range(0, 20).Select(i => Frames.Random(i * 7 + 1, seed: i)).ToArray();
        var bytes = payloads.SelectMany(Frames.Frame).ToArray();
        var reader = Reader(await Pipes.CompletedWith(bytes, minimumSegmentSize: 1));
        foreach (var payload in payloads)
        {
            var (hasMessage, message) = await reader.ReadNextAsync(Bytes, default);
            Assert.True(hasMessage);
            Assert.Equal(payload, message);
        }

        Assert.False((await reader.ReadNextAsync(Bytes, default)).HasMessage);
    }

    [Fact]
    public async Task ReadNext_HeaderAtEveryOffsetOfSmallPipeSegments_ReadsMessages()
    {
        // With minimumSegmentSize 1 the pipe uses 16-byte segments; a leading frame of 5 + n bytes puts the
        // next header at every offset within a segment, so some headers straddle two segments.
        for (var n = 0; n < 16; n++)
        {
            var second = Frames.Random(40, seed: n);
            var reader = Reader(await Pipes.CompletedWith([.. Frames.Frame(new byte[n]), .. Frames.Frame(second)], minimumSegmentSize: 1));
            Assert.Equal(n, (await reader.ReadNextAsync(Bytes, default)).Message!.Length);
            Assert.Equal(second, (await reader.ReadNextAsync(Bytes, default)).Message);
            Assert.False((await reader.ReadNextAsync(Bytes, default)).HasMessage);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(9)]
    public async Task ReadNext_StreamEndsInsideMessage_ThrowsInternal(int prefixLength)
    {
        var frame = Frames.Frame(new byte[10]);
        var reader = Reader(await Pipes.CompletedWith(frame[..prefixLength]));
        var ex = await ThrowsGrpc(StatusCode.Internal, () => reader.ReadNextAsync(Bytes, default).AsTask());
        Assert.Contains("request", ex.Status.Message);
    }

    [Fact]
    public async Task ReadNext_StreamEndsInsideSecondMessage_ThrowsInternalAfterFirst()
    {
        var reader = Reader(await Pipes.CompletedWith([.. Frames.Frame([1]), .. Frames.Header(0, 3), 1]));
        Assert.True((await reader.ReadNextAsync(Bytes, default)).HasMessage);
        await ThrowsGrpc(StatusCode.Internal, () => reader.ReadNextAsync(Bytes, default).AsTask());
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(0x80)]
    [InlineData(0xFF)]
    public async Task ReadNext_CompressedFlagAboveOne_ThrowsInternal(byte flag)
    {
        var reader = Reader(await Pipes.CompletedWith(Frames.Frame(flag, [1, 2, 3])), encoding: "gzip");
        var ex = await ThrowsGrpc(StatusCode.Internal, () => reader.ReadNextAsync(Bytes, default).AsTask());
        Assert.Contains(flag.ToString(System.Globalization.CultureInfo.InvariantCulture), ex.Status.Message);
    }

    [Fact]
    public async Task ReadNext_CompressedFlagTwo_ThrowsInternalBeforeBodyArrives()
    {
        var pipe = Pipes.Unbounded();
        await pipe.Writer.WriteAsync(Frames.Header(2, 100));
        var reader = Reader(pipe.Reader);
        await ThrowsGrpc(StatusCode.Internal, () => reader.ReadNextAsync(Bytes, default).AsTask().WaitAsync(Timeout));
    }

    [Fact]
    public async Task ReadNext_DeclaredLengthOverLimit_ThrowsResourceExhaustedBeforeBodyArrives()
    {
        var pipe = Pipes.Unbounded();
        // Only the header: the writer is neither completed nor sends the 1 MiB body.
        await pipe.Writer.WriteAsync(Frames.Header(0, 1024 * 1024));
        var reader = Reader(pipe.Reader, max: 1024);

        var ex = await ThrowsGrpc(StatusCode.ResourceExhausted, () => reader.ReadNextAsync(Bytes, default).AsTask().WaitAsync(Timeout));
        Assert.Contains("1024", ex.Status.Message);
    }

    [Fact]
    public async Task ReadNext_DeclaredLengthOverLimitAcrossOneByteWrites_ThrowsResourceExhausted()
    {
        var pipe = Pipes.Unbounded(minimumSegmentSize: 1);
        var reader = Reader(pipe.Reader, max: 10);
        var read = reader.ReadNextAsync(Bytes, default).AsTask();
        foreach (var b in Frames.Header(0, 11))
        {
            await pipe.Writer.WriteAsync(new[] { b });
        }

        await ThrowsGrpc(StatusCode.ResourceExhausted, () => read.WaitAsync(Timeout));
    }

    [Fact]
    public async Task ReadNext_LengthEqualToLimit_IsAccepted()
    {
        var payload = Frames.Random(1024);
        var reader = Reader(await Pipes.CompletedWith(Frames.Frame(payload)), max: 1024);
        var (hasMessage, message) = await reader.ReadNextAsync(Bytes, default);
        Assert.True(hasMessage);
        Assert.Equal(payload, message);
    }

    [Fact]
    public async Task ReadNext_ZeroLimit_AcceptsEmptyAndRejectsOneByte()
    {
        var reader = Reader(await Pipes.CompletedWith([.. Frames.Frame([]), .. Frames.Frame([1])]), max: 0);
        Assert.True((await reader.ReadNextAsync(Bytes, default)).HasMessage);
        await ThrowsGrpc(StatusCode.ResourceExhausted, () => reader.ReadNextAsync(Bytes, default).AsTask());
    }

    [Theory]
    [InlineData(0x80000000u)]
    [InlineData(0xFFFFFFFFu)]
    public async Task ReadNext_LengthAboveIntMaxValueWithNoLimit_ThrowsResourceExhausted(uint length)
    {
        var pipe = Pipes.Unbounded();
        await pipe.Writer.WriteAsync(Frames.Header(0, length));
        var reader = Reader(pipe.Reader, max: null);
        await ThrowsGrpc(StatusCode.ResourceExhausted, () => reader.ReadNextAsync(Bytes, default).AsTask().WaitAsync(Timeout));
    }

    [Fact]
    public async Task ReadNext_GzipCompressedMessageWithGzipEncoding_Decodes()
    {
        var message = new StringValue { Value = new string('x', 1000) + "end" };
        var reader = Reader(await Pipes.CompletedWith(Frames.Frame(1, Frames.Gzip(message.ToByteArray()))), encoding: "gzip");
        var (hasMessage, read) = await reader.ReadNextAsync(StringMarshaller, default);
        Assert.True(hasMessage);
        Assert.Equal(message, read);
    }

    [Fact]
    public async Task ReadNext_EncodingNameIsCaseInsensitive()
    {
        var payload = Frames.Random(100);
        var reader = Reader(await Pipes.CompletedWith(Frames.Frame(1, Frames.Gzip(payload))), encoding: "GZIP");
        Assert.Equal(payload, (await reader.ReadNextAsync(Bytes, default)).Message);
    }

    [Fact]
    public async Task ReadNext_DeflateCompressedMessage_Decodes()
    {
        var payload = Frames.Random(500);
        var ms = new MemoryStream();
        using (var z = new ZLibStream(ms, CompressionLevel.Optimal, leaveOpen: true))
        {
            z.Write(payload);
        }

        var reader = Reader(await Pipes.CompletedWith(Frames.Frame(1, ms.ToArray())), encoding: "deflate");
        Assert.Equal(payload, (await reader.ReadNextAsync(Bytes, default)).Message);
    }

    [Fact]
    public async Task ReadNext_LargeCompressedMessageSpanningSegments_Decodes()
    {
        var payload = Frames.Random(50_000); // incompressible: the compressed frame spans many pipe segments
        var reader = Reader(await Pipes.CompletedWith(Frames.Frame(1, Frames.Gzip(payload)), minimumSegmentSize: 512), encoding: "gzip");
        Assert.Equal(payload, (await reader.ReadNextAsync(Bytes, default)).Message);
    }

    [Fact]
    public async Task ReadNext_MixedCompressedAndUncompressedMessages_AreAllDecoded()
    {
        byte[] a = [1, 2, 3];
        byte[] b = [4, 5];
        var reader = Reader(await Pipes.CompletedWith([.. Frames.Frame(1, Frames.Gzip(a)), .. Frames.Frame(0, b)]), encoding: "gzip");
        Assert.Equal(a, (await reader.ReadNextAsync(Bytes, default)).Message);
        Assert.Equal(b, (await reader.ReadNextAsync(Bytes, default)).Message);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("identity")]
    [InlineData("IDENTITY")]
    public async Task ReadNext_CompressedFlagWithoutEncoding_ThrowsInternal(string? encoding)
    {
        var reader = Reader(await Pipes.CompletedWith(Frames.Frame(1, Frames.Gzip([1, 2, 3]))), encoding: encoding);
        await ThrowsGrpc(StatusCode.Internal, () => reader.ReadNextAsync(Bytes, default).AsTask());
    }

    [Fact]
    public async Task ReadNext_UnknownEncoding_ThrowsUnimplementedListingSupportedEncodings()
    {
        var reader = Reader(await Pipes.CompletedWith(Frames.Frame(1, [1, 2, 3])), encoding: "snappy");
        var ex = await ThrowsGrpc(StatusCode.Unimplemented, () => reader.ReadNextAsync(Bytes, default).AsTask());
        Assert.Contains("snappy", ex.Status.Message);
        Assert.Contains("identity,gzip,deflate", ex.Status.Message);
    }

    [Fact]
    public async Task ReadNext_UnknownEncodingButUncompressedMessage_Decodes()
    {
        var reader = Reader(await Pipes.CompletedWith(Frames.Frame([9])), encoding: "snappy");
        Assert.Equal(new byte[] { 9 }, (await reader.ReadNextAsync(Bytes, default)).Message);
    }

    [Fact]
    public async Task ReadNext_DecompressedSizeOverLimit_ThrowsResourceExhausted()
    {
        // Zip bomb: 4 MiB of zeros compresses to a few KiB, well under the 64 KiB limit on the wire.
        var compressed = Frames.Gzip(new byte[4 * 1024 * 1024]);
        Assert.True(compressed.Length < 64 * 1024);
        var reader = Reader(await Pipes.CompletedWith(Frames.Frame(1, compressed)), max: 64 * 1024, encoding: "gzip");

        var ex = await ThrowsGrpc(StatusCode.ResourceExhausted, () => reader.ReadNextAsync(Bytes, default).AsTask());
        Assert.Contains("decompress", ex.Status.Message);
    }

    [Fact]
    public async Task ReadNext_DecompressedSizeEqualToLimit_IsAccepted()
    {
        var payload = new byte[10_000];
        var reader = Reader(await Pipes.CompletedWith(Frames.Frame(1, Frames.Gzip(payload))), max: 10_000, encoding: "gzip");
        Assert.Equal(payload, (await reader.ReadNextAsync(Bytes, default)).Message);
    }

    [Fact]
    public async Task ReadNext_DecompressedSizeOneOverLimit_ThrowsResourceExhausted()
    {
        var reader = Reader(await Pipes.CompletedWith(Frames.Frame(1, Frames.Gzip(new byte[10_001]))), max: 10_000, encoding: "gzip");
        await ThrowsGrpc(StatusCode.ResourceExhausted, () => reader.ReadNextAsync(Bytes, default).AsTask());
    }

    [Fact]
    public async Task ReadNext_CorruptGzip_ThrowsInternal()
    {
        // A valid 10-byte gzip header followed by a deflate block of the reserved type 3 (0xFF).
        byte[] corrupt = [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF];
        var reader = Reader(await Pipes.CompletedWith(Frames.Frame(1, corrupt)), encoding: "gzip");
        var ex = await ThrowsGrpc(StatusCode.Internal, () => reader.ReadNextAsync(Bytes, default).AsTask());
        Assert.IsType<InvalidDataException>(ex.InnerException);
        Assert.Contains("gzip", ex.Status.Message);
    }

    [Fact]
    public async Task ReadNext_GzipWithWrongCrc_ThrowsInternal()
    {
        var gzip = Frames.Gzip(Frames.Random(1000));
        gzip[^8] ^= 0xFF; // first byte of the CRC-32 trailer
        var reader = Reader(await Pipes.CompletedWith(Frames.Frame(1, gzip)), encoding: "gzip");
        await ThrowsGrpc(StatusCode.Internal, () => reader.ReadNextAsync(Bytes, default).AsTask());
    }

    [Fact]
    public async Task ReadNext_NotGzipAtAll_ThrowsInternal()
    {
        var reader = Reader(await Pipes.CompletedWith(Frames.Frame(1, "definitely not gzip"u8.ToArray())), encoding: "gzip");
        await ThrowsGrpc(StatusCode.Internal, () => reader.ReadNextAsync(Bytes, default).AsTask());
    }

    // A compressed payload cut off before its end "decompresses" to a prefix of the data: .NET's
    // GZipStream/ZLibStream return 0 at the unexpected end of input instead of throwing, and the reader
    // does not check that the compressed stream actually finished. The application then receives a
    // silently truncated message (or, for protobuf, possibly a valid but different message).
    [Theory]
    [InlineData("gzip", 2)]   // cut in the middle of the deflate data
    [InlineData("gzip", -8)]  // the whole CRC-32/ISIZE trailer missing
    [InlineData("gzip", -1)]
    [InlineData("deflate", 2)]
    [InlineData("deflate", -4)] // the Adler-32 trailer missing
    public async Task ReadNext_TruncatedCompressedPayload_ThrowsInternal(string encoding, int cut)
    {
        var payload = Enumerable.Range(0, 5000).Select(i => (byte)(i * 7)).ToArray();
        Assert.True(CompressionProviders.Default.TryGet(encoding, out var provider));
        var ms = new MemoryStream();
        using (var compressor = provider.CreateCompressionStream(ms))
        {
            compressor.Write(payload);
        }

        var compressed = ms.ToArray();
        var truncated = cut > 0 ? compressed[..(compressed.Length / cut)] : compressed[..(compressed.Length + cut)];
        var reader = Reader(await Pipes.CompletedWith(Frames.Frame(1, truncated)), encoding: encoding);
        await ThrowsGrpc(StatusCode.Internal, () => reader.ReadNextAsync(Bytes, default).AsTask());
    }

    [Fact]
    public async Task ReadNext_UndeserializablePayload_ThrowsInternalWithCause()
    {
        // Field 1, wire type 2 (length-delimited), declared length 100 but only 1 byte follows.
        var reader = Reader(await Pipes.CompletedWith(Frames.Frame([0x0A, 100, 0x41])));
        var ex = await ThrowsGrpc(StatusCode.Internal, () => reader.ReadNextAsync(StringMarshaller, default).AsTask());
        Assert.IsType<InvalidProtocolBufferException>(ex.InnerException);
    }

    [Fact]
    public async Task ReadNext_DeserializerThrows_ThrowsInternal()
    {
        var failing = new Marshaller<string>((_, _) => { }, _ => throw new InvalidOperationException("boom"));
        var reader = Reader(await Pipes.CompletedWith(Frames.Frame([1])));
        var ex = await ThrowsGrpc(StatusCode.Internal, () => reader.ReadNextAsync(failing, default).AsTask());
        Assert.Equal("boom", ex.InnerException!.Message);
    }

    [Fact]
    public async Task ReadNext_DeserializerThrowsGrpcException_PropagatesItUnchanged()
    {
        var original = new GrpcException(StatusCode.InvalidArgument, "bad field");
        var failing = new Marshaller<string>((_, _) => { }, _ => throw original);
        var reader = Reader(await Pipes.CompletedWith(Frames.Frame([1])));
        var ex = await Assert.ThrowsAnyAsync<GrpcException>(() => reader.ReadNextAsync(failing, default).AsTask());
        Assert.Same(original, ex);
    }

    [Fact]
    public async Task ReadNext_UndeserializableCompressedPayload_ThrowsInternal()
    {
        var reader = Reader(await Pipes.CompletedWith(Frames.Frame(1, Frames.Gzip([0x0A, 100, 0x41]))), encoding: "gzip");
        await ThrowsGrpc(StatusCode.Internal, () => reader.ReadNextAsync(StringMarshaller, default).AsTask());
    }

    [Fact]
    public async Task ReadSingle_OneMessage_ReturnsIt()
    {
        var reader = Reader(await Pipes.CompletedWith(Frames.Frame(new StringValue { Value = "only" }.ToByteArray())));
        var message = await reader.ReadSingleAsync(StringMarshaller, default);
        Assert.Equal("only", message.Value);
    }

    [Fact]
    public async Task ReadSingle_TrailingMessage_ThrowsInternal()
    {
        var reader = Reader(await Pipes.CompletedWith([.. Frames.Frame([1]), .. Frames.Frame([2])]));
        await ThrowsGrpc(StatusCode.Internal, () => reader.ReadSingleAsync(Bytes, default).AsTask());
    }

    [Fact]
    public async Task ReadSingle_TrailingPartialByte_ThrowsInternal()
    {
        var reader = Reader(await Pipes.CompletedWith([.. Frames.Frame([1]), 0]));
        await ThrowsGrpc(StatusCode.Internal, () => reader.ReadSingleAsync(Bytes, default).AsTask());
    }

    [Fact]
    public async Task ReadSingle_TrailingDataInLaterWrite_ThrowsInternal()
    {
        var pipe = Pipes.Unbounded();
        var reader = Reader(pipe.Reader);
        await pipe.Writer.WriteAsync(Frames.Frame([1]));
        var read = reader.ReadSingleAsync(Bytes, default).AsTask();
        await Task.Delay(20);
        Assert.False(read.IsCompleted); // waits for the end of the stream
        await pipe.Writer.WriteAsync(new byte[] { 0xAB });
        await ThrowsGrpc(StatusCode.Internal, () => read.WaitAsync(Timeout));
    }

    [Fact]
    public async Task ReadSingle_NoMessage_ThrowsInternal()
    {
        var reader = Reader(await Pipes.CompletedWith([]));
        await ThrowsGrpc(StatusCode.Internal, () => reader.ReadSingleAsync(Bytes, default).AsTask());
    }

    [Fact]
    public async Task ReadSingle_TruncatedMessage_ThrowsInternal()
    {
        var reader = Reader(await Pipes.CompletedWith([.. Frames.Header(0, 10), 1, 2, 3]));
        await ThrowsGrpc(StatusCode.Internal, () => reader.ReadSingleAsync(Bytes, default).AsTask());
    }

    [Fact]
    public async Task ReadNext_TokenAlreadyCancelled_ThrowsOperationCanceled()
    {
        var pipe = Pipes.Unbounded();
        var reader = Reader(pipe.Reader);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reader.ReadNextAsync(Bytes, cts.Token).AsTask());
    }

    [Fact]
    public async Task ReadNext_CancelledWhileWaiting_ThrowsOperationCanceled()
    {
        var pipe = Pipes.Unbounded();
        await pipe.Writer.WriteAsync(Frames.Header(0, 10)); // a partial message keeps the reader waiting
        var reader = Reader(pipe.Reader);
        using var cts = new CancellationTokenSource();
        var read = reader.ReadNextAsync(Bytes, cts.Token).AsTask();
        await Task.Delay(20);
        Assert.False(read.IsCompleted);
        cts.Cancel();
        var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => read.WaitAsync(Timeout));
        Assert.Equal(cts.Token, ex.CancellationToken);
    }

    [Fact]
    public async Task ReadNext_CancelPendingRead_ThrowsOperationCanceled()
    {
        var pipe = Pipes.Unbounded();
        var reader = Reader(pipe.Reader);
        var read = reader.ReadNextAsync(Bytes, default).AsTask();
        pipe.Reader.CancelPendingRead();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => read.WaitAsync(Timeout));
    }

    [Fact]
    public async Task ReadSingle_CancelledWhileWaitingForEndOfStream_ThrowsOperationCanceled()
    {
        var pipe = Pipes.Unbounded();
        await pipe.Writer.WriteAsync(Frames.Frame([1]));
        var reader = Reader(pipe.Reader);
        using var cts = new CancellationTokenSource();
        var read = reader.ReadSingleAsync(Bytes, cts.Token).AsTask();
        await Task.Delay(20);
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => read.WaitAsync(Timeout));
    }

    [Fact]
    public async Task ErrorMessages_UseMessageKind()
    {
        var options = new MessageReaderOptions(null, null, CompressionProviders.Default, "response");
        var reader = new GrpcMessageReader(await Pipes.CompletedWith([]), options);
        var ex = await ThrowsGrpc(StatusCode.Internal, () => reader.ReadSingleAsync(Bytes, default).AsTask());
        Assert.Contains("response", ex.Status.Message);
    }
}
