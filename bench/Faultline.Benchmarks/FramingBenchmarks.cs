using System.Buffers;
using System.IO.Pipelines;
using BenchmarkDotNet.Attributes;
using Faultline.Bench;
using Faultline.Compression;
using Faultline.Protocol;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Faultline.Benchmarks;

/// <summary>Writing and reading length-prefixed messages, as both the server and the client do per message.</summary>
[MemoryDiagnoser]
public class FramingBenchmarks
{
    private const int LargeSize = 64 * 1024;

    private readonly ArrayBufferWriter<byte> _output = new(LargeSize + 1024);
    private readonly Pipe _streamPipe = new(new PipeOptions(pauseWriterThreshold: 0, resumeWriterThreshold: 0, useSynchronizationContext: false));
    private readonly Pipe _unaryPipe = new(new PipeOptions(pauseWriterThreshold: 0, resumeWriterThreshold: 0, useSynchronizationContext: false));
    private readonly MessageReaderOptions _readerOptions = new(GrpcProtocolConstants.DefaultMaxReceiveMessageSize, null, CompressionProviders.Default, "request");
    private BytesValue _small = null!;
    private BytesValue _large = null!;
    private byte[] _smallFrame = null!;
    private byte[] _largeFrame = null!;
    private GrpcMessageReader _streamReader = null!;
    private ReadOnlySequence<byte> _headerSingleSegment;
    private ReadOnlySequence<byte> _headerSplit;

    [GlobalSetup]
    public void Setup()
    {
        _small = Message(64);
        _large = Message(LargeSize);
        _smallFrame = Frame(_small);
        _largeFrame = Frame(_large);
        _streamReader = new GrpcMessageReader(_streamPipe.Reader, _readerOptions);
        _headerSingleSegment = new ReadOnlySequence<byte>(_smallFrame);
        _headerSplit = Segments.Create(_smallFrame.AsMemory(0, 2), _smallFrame.AsMemory(2, 2), _smallFrame.AsMemory(4));
    }

    [Benchmark]
    public int Write_64B()
    {
        _output.ResetWrittenCount();
        GrpcMessageWriter.Write(_output, _small, EchoMethods.Marshaller, compression: null, maxMessageSize: null, "response");
        return _output.WrittenCount;
    }

    [Benchmark]
    public int Write_64KiB()
    {
        _output.ResetWrittenCount();
        GrpcMessageWriter.Write(_output, _large, EchoMethods.Marshaller, compression: null, maxMessageSize: null, "response");
        return _output.WrittenCount;
    }

    /// <summary>One message of a stream: write the frame into the pipe, then read and deserialize it.</summary>
    [Benchmark]
    public ValueTask<(bool HasMessage, BytesValue? Message)> ReadNext_64B() => ReadNext(_smallFrame);

    [Benchmark]
    public ValueTask<(bool HasMessage, BytesValue? Message)> ReadNext_64KiB() => ReadNext(_largeFrame);

    /// <summary>
    /// A unary request as the server reads it: a new reader over a body that holds one message and
    /// ends, <c>ReadSingleAsync</c> (message, then end of stream). Includes resetting the pipe.
    /// </summary>
    [Benchmark]
    public async ValueTask<BytesValue> ReadSingle_64B()
    {
        _unaryPipe.Writer.Write(_smallFrame);
        await _unaryPipe.Writer.CompleteAsync().ConfigureAwait(false);
        var reader = new GrpcMessageReader(_unaryPipe.Reader, _readerOptions);
        var message = await reader.ReadSingleAsync(EchoMethods.Marshaller, CancellationToken.None).ConfigureAwait(false);
        await _unaryPipe.Reader.CompleteAsync().ConfigureAwait(false);
        _unaryPipe.Reset();
        return message;
    }

    [Benchmark]
    public uint FrameHeader_TryRead_OneSegment()
    {
        MessageFrameHeader.TryRead(_headerSingleSegment, out _, out var length);
        return length;
    }

    [Benchmark]
    public uint FrameHeader_TryRead_Split()
    {
        MessageFrameHeader.TryRead(_headerSplit, out _, out var length);
        return length;
    }

    private ValueTask<(bool HasMessage, BytesValue? Message)> ReadNext(byte[] frame)
    {
        _streamPipe.Writer.Write(frame);
        var flush = _streamPipe.Writer.FlushAsync();
        if (!flush.IsCompletedSuccessfully)
        {
            throw new InvalidOperationException("The pipe should never apply back-pressure here.");
        }

        return _streamReader.ReadNextAsync(EchoMethods.Marshaller, CancellationToken.None);
    }

    private static BytesValue Message(int size)
    {
        var bytes = new byte[size];
        new Random(42).NextBytes(bytes);
        return new BytesValue { Value = ByteString.CopyFrom(bytes) };
    }

    private static byte[] Frame(BytesValue message)
    {
        var writer = new ArrayBufferWriter<byte>();
        GrpcMessageWriter.Write(writer, message, EchoMethods.Marshaller, null, null, "request");
        return writer.WrittenSpan.ToArray();
    }

    private sealed class Segments : ReadOnlySequenceSegment<byte>
    {
        private Segments(ReadOnlyMemory<byte> memory) => Memory = memory;

        public static ReadOnlySequence<byte> Create(params ReadOnlyMemory<byte>[] parts)
        {
            var first = new Segments(parts[0]);
            var last = first;
            foreach (var part in parts.Skip(1))
            {
                var next = new Segments(part) { RunningIndex = last.RunningIndex + last.Memory.Length };
                last.Next = next;
                last = next;
            }

            return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
        }
    }
}
