using System.Buffers;
using Faultline.Core.Tests.Infrastructure;
using Faultline.Protocol;

namespace Faultline.Core.Tests;

public class MessageFrameHeaderTests
{
    [Fact]
    public void Write_Uncompressed_WritesZeroFlagAndBigEndianLength()
    {
        var buffer = new byte[5];
        MessageFrameHeader.Write(buffer, compressed: false, 0x01020304);
        Assert.Equal(new byte[] { 0, 1, 2, 3, 4 }, buffer);
    }

    [Fact]
    public void Write_Compressed_WritesFlagOne()
    {
        var buffer = new byte[5];
        MessageFrameHeader.Write(buffer, compressed: true, 258);
        Assert.Equal(new byte[] { 1, 0, 0, 1, 2 }, buffer);
    }

    [Fact]
    public void TryRead_SingleSegment_ReadsFlagAndLength()
    {
        var sequence = new ReadOnlySequence<byte>(new byte[] { 1, 0, 0, 1, 2, 0xAA });
        Assert.True(MessageFrameHeader.TryRead(sequence, out var flag, out var length));
        Assert.Equal(1, flag);
        Assert.Equal(258u, length);
    }

    [Fact]
    public void TryRead_FewerThanFiveBytes_ReturnsFalse()
    {
        for (var n = 0; n < 5; n++)
        {
            var sequence = new ReadOnlySequence<byte>(new byte[n]);
            Assert.False(MessageFrameHeader.TryRead(sequence, out _, out _));
        }

        Assert.False(MessageFrameHeader.TryRead(Sequences.Create([0, 0], [0, 0]), out _, out _));
    }

    public static TheoryData<int[]> Splits => new()
    {
        new[] { 1, 4 },
        new[] { 4, 1 },
        new[] { 2, 3 },
        new[] { 1, 1, 1, 1, 1 },
        new[] { 3, 1, 1, 2 },
        new[] { 0, 5 },
        new[] { 2, 0, 3 },
    };

    [Theory]
    [MemberData(nameof(Splits))]
    public void TryRead_HeaderSplitAcrossSegments_ReadsSameValues(int[] split)
    {
        byte[] bytes = [0, 0x12, 0x34, 0x56, 0x78, 0xEE, 0xFF];
        var segments = new List<byte[]>();
        var offset = 0;
        foreach (var size in split)
        {
            segments.Add(bytes[offset..(offset + size)]);
            offset += size;
        }

        segments.Add(bytes[offset..]);
        var sequence = Sequences.Create([.. segments]);
        Assert.False(sequence.IsSingleSegment);

        Assert.True(MessageFrameHeader.TryRead(sequence, out var flag, out var length));
        Assert.Equal(0, flag);
        Assert.Equal(0x12345678u, length);
    }

    [Fact]
    public void TryRead_OneBytePerSegment_ReadsSameValues()
    {
        var sequence = Sequences.OneBytePerSegment([1, 0xFF, 0xFF, 0xFF, 0xFF]);
        Assert.True(MessageFrameHeader.TryRead(sequence, out var flag, out var length));
        Assert.Equal(1, flag);
        Assert.Equal(uint.MaxValue, length);
    }

    [Theory]
    [InlineData(new byte[] { 0x80, 0, 0, 0 }, 0x80000000u)]
    [InlineData(new byte[] { 0x80, 0, 0, 1 }, 0x80000001u)]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF }, 0xFFFFFFFFu)]
    [InlineData(new byte[] { 0x7F, 0xFF, 0xFF, 0xFF }, 0x7FFFFFFFu)]
    public void TryRead_LengthAboveIntMaxValue_IsReadUnsigned(byte[] lengthBytes, uint expected)
    {
        var sequence = new ReadOnlySequence<byte>([0, .. lengthBytes]);
        Assert.True(MessageFrameHeader.TryRead(sequence, out _, out var length));
        Assert.Equal(expected, length);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(0x80)]
    [InlineData(0xFF)]
    public void TryRead_AnyFlagByte_IsReturnedRawForCallerToValidate(byte flagByte)
    {
        var sequence = new ReadOnlySequence<byte>(new byte[] { flagByte, 0, 0, 0, 0 });
        Assert.True(MessageFrameHeader.TryRead(sequence, out var flag, out _));
        Assert.Equal(flagByte, flag);
    }

    [Fact]
    public void WriteThenRead_RoundTrips()
    {
        var buffer = new byte[5];
        MessageFrameHeader.Write(buffer, compressed: true, int.MaxValue);
        Assert.True(MessageFrameHeader.TryRead(Sequences.OneBytePerSegment(buffer), out var flag, out var length));
        Assert.Equal(1, flag);
        Assert.Equal((uint)int.MaxValue, length);
    }
}
