using System.Buffers;
using Faultline.Buffers;
using Faultline.Core.Tests.Infrastructure;

namespace Faultline.Core.Tests;

public class PooledBufferWriterTests
{
    [Fact]
    public void Write_BeyondInitialCapacity_GrowsAndKeepsData()
    {
        using var writer = new PooledBufferWriter(16);
        var expected = new List<byte>();
        for (var i = 0; i < 1000; i++)
        {
            var chunk = Enumerable.Range(0, i % 13 + 1).Select(j => (byte)(i + j)).ToArray();
            writer.Write(chunk);
            expected.AddRange(chunk);
        }

        Assert.Equal(expected.Count, writer.WrittenCount);
        Assert.Equal(expected.ToArray(), writer.WrittenSpan.ToArray());
        Assert.Equal(expected.ToArray(), writer.WrittenMemory.ToArray());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(100)]
    [InlineData(100_000)]
    public void GetSpan_ReturnsAtLeastSizeHint(int sizeHint)
    {
        using var writer = new PooledBufferWriter(1);
        writer.Write(new byte[] { 1, 2, 3 });
        Assert.True(writer.GetSpan(sizeHint).Length >= Math.Max(1, sizeHint));
        Assert.True(writer.GetMemory(sizeHint).Length >= Math.Max(1, sizeHint));
        Assert.Equal(new byte[] { 1, 2, 3 }, writer.WrittenSpan.ToArray());
    }

    [Fact]
    public void ZeroInitialCapacity_Grows()
    {
        using var writer = new PooledBufferWriter(0);
        writer.Write(Frames.Random(5000));
        Assert.Equal(Frames.Random(5000), writer.WrittenSpan.ToArray());
    }

    [Fact]
    public void GrowFromLargeBuffer_KeepsData()
    {
        using var writer = new PooledBufferWriter();
        var data = Frames.Random(300_000);
        writer.Write(data.AsSpan(0, 100));
        writer.Write(data.AsSpan(100));
        Assert.Equal(data, writer.WrittenSpan.ToArray());
    }

    [Fact]
    public void Advance_PastAvailableSpace_Throws()
    {
        using var writer = new PooledBufferWriter(16);
        var available = writer.GetSpan().Length;
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.Advance(available + 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.Advance(-1));
        writer.Advance(available);
        Assert.Equal(available, writer.WrittenCount);
    }

    [Fact]
    public void Dispose_Twice_DoesNotThrow()
    {
        var writer = new PooledBufferWriter();
        writer.Write(new byte[] { 1 });
        writer.Dispose();
        writer.Dispose();
    }
}

public class StreamAdapterTests
{
    [Fact]
    public void ReadOnlySequenceStream_ReadsAllSegmentsInSmallChunks()
    {
        var data = Frames.Random(100);
        var sequence = Sequences.Create(data[..10], data[10..11], data[11..50], data[50..]);
        using var stream = new ReadOnlySequenceStream(sequence);
        var output = new MemoryStream();
        var buffer = new byte[7];
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            output.Write(buffer, 0, read);
        }

        Assert.Equal(data, output.ToArray());
        Assert.Equal(0, stream.Read(buffer));
        Assert.True(stream.CanRead);
        Assert.False(stream.CanWrite);
        Assert.False(stream.CanSeek);
    }

    [Fact]
    public void BufferWriterStream_AppendsToWriter()
    {
        var output = new ArrayBufferWriter<byte>();
        using var stream = new BufferWriterStream(output);
        stream.Write(new byte[] { 1, 2, 3 }, 1, 2);
        stream.Write(new byte[] { 4 });
        stream.Flush();
        Assert.Equal(new byte[] { 2, 3, 4 }, output.WrittenSpan.ToArray());
        Assert.True(stream.CanWrite);
        Assert.False(stream.CanRead);
        Assert.Throws<NotSupportedException>(() => stream.Read(new byte[1], 0, 1));
    }
}
