namespace Faultline.Core.Tests;

public class MetadataTests
{
    [Fact]
    public void Add_UpperCaseKey_IsLowerCased()
    {
        var metadata = new Metadata { { "X-Custom-Header", "v" } };
        Assert.Equal("x-custom-header", metadata[0].Key);
        Assert.Equal("v", metadata.GetValue("x-custom-header"));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("a-b_c.d")]
    [InlineData("0123456789")]
    [InlineData("x")]
    public void Entry_ValidAsciiKey_IsAccepted(string key)
    {
        var entry = new Metadata.Entry(key, "value");
        Assert.Equal(key, entry.Key);
        Assert.False(entry.IsBinary);
    }

    [Theory]
    [InlineData("")]
    [InlineData("with space")]
    [InlineData(":path")]
    [InlineData("a/b")]
    [InlineData("key=")]
    [InlineData("caf\u00e9")]
    [InlineData("tab\tkey")]
    [InlineData("a,b")]
    public void Entry_InvalidKey_ThrowsArgumentException(string key)
    {
        Assert.ThrowsAny<ArgumentException>(() => new Metadata.Entry(key, "value"));
    }

    [Fact]
    public void Entry_NullKey_ThrowsArgumentException()
    {
        Assert.ThrowsAny<ArgumentException>(() => new Metadata.Entry(null!, "value"));
    }

    // U+212A KELVIN SIGN lower-cases (invariant) to ASCII 'k'; U+0130 is not a key character either.
    // Keys are ASCII only, so a non-ASCII character must be rejected, not silently folded into ASCII.
    [Theory]
    [InlineData("\u212Aey")]
    [InlineData("\u0130d")]
    public void Entry_NonAsciiKeyThatLowerCasesToAscii_ThrowsArgumentException(string key)
    {
        Assert.ThrowsAny<ArgumentException>(() => new Metadata.Entry(key, "value"));
    }

    [Fact]
    public void Entry_BinKeyWithStringValue_ThrowsArgumentException()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Metadata.Entry("trace-bin", "text"));
        Assert.Contains("-bin", ex.Message);
    }

    [Fact]
    public void Entry_AsciiKeyWithBytes_ThrowsArgumentException()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Metadata.Entry("trace", new byte[] { 1 }));
        Assert.Contains("-bin", ex.Message);
    }

    [Fact]
    public void Entry_BinKeyWithBytes_IsBinaryAndKeepsBytes()
    {
        var bytes = new byte[] { 0, 1, 0xFF, 0x80 };
        var entry = new Metadata.Entry("Trace-BIN", bytes);
        Assert.Equal("trace-bin", entry.Key);
        Assert.True(entry.IsBinary);
        Assert.Equal(bytes, entry.ValueBytes);
        Assert.Throws<InvalidOperationException>(() => entry.Value);
    }

    [Fact]
    public void Entry_NullValues_Throw()
    {
        Assert.Throws<ArgumentNullException>(() => new Metadata.Entry("key", (string)null!));
        Assert.Throws<ArgumentNullException>(() => new Metadata.Entry("key-bin", (byte[])null!));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("hello world")]
    [InlineData("~!@#$%^&*()_+{}|:\"<>?`-=[]\\;',./")]
    public void Entry_PrintableAsciiValue_IsAccepted(string value)
    {
        var entry = new Metadata.Entry("key", value);
        Assert.Equal(value, entry.Value);
        Assert.Equal(System.Text.Encoding.ASCII.GetBytes(value), entry.ValueBytes);
    }

    [Theory]
    [InlineData("line\nbreak")]
    [InlineData("cr\r")]
    [InlineData("\t")]
    [InlineData("\u007F")]
    [InlineData("\u0000")]
    [InlineData("caf\u00e9")]
    [InlineData("\u00a0")]
    [InlineData("\U0001F600")]
    public void Entry_NonPrintableAsciiValue_ThrowsArgumentException(string value)
    {
        var ex = Assert.Throws<ArgumentException>(() => new Metadata.Entry("key", value));
        Assert.Equal("value", ex.ParamName);
    }

    [Fact]
    public void IsBinaryKey_RecognizesSuffixCaseInsensitively()
    {
        Assert.True(Metadata.IsBinaryKey("a-bin"));
        Assert.True(Metadata.IsBinaryKey("A-BIN"));
        Assert.False(Metadata.IsBinaryKey("a-binary"));
        Assert.False(Metadata.IsBinaryKey("abin"));
        Assert.False(Metadata.IsBinaryKey("bin"));
    }

    [Fact]
    public void Get_ReturnsLastEntryWithKey_CaseInsensitive()
    {
        var metadata = new Metadata
        {
            { "dup", "first" },
            { "other", "x" },
            { "dup", "second" },
        };
        Assert.Equal("second", metadata.Get("DUP")!.Value);
        Assert.Equal("second", metadata.GetValue("dup"));
        Assert.Null(metadata.Get("missing"));
        Assert.Null(metadata.GetValue("missing"));
        Assert.Null(metadata.GetValueBytes("missing"));
    }

    [Fact]
    public void GetValueBytes_ReturnsBinaryValue()
    {
        var metadata = new Metadata { { "data-bin", new byte[] { 9, 8, 7 } } };
        Assert.Equal(new byte[] { 9, 8, 7 }, metadata.GetValueBytes("data-bin"));
    }

    [Fact]
    public void GetAll_ReturnsEveryEntryInInsertionOrder()
    {
        var metadata = new Metadata
        {
            { "k", "1" },
            { "x", "a" },
            { "K", "2" },
            { "k", "3" },
        };
        Assert.Equal(["1", "2", "3"], metadata.GetAll("k").Select(e => e.Value));
        Assert.Empty(metadata.GetAll("missing"));
    }

    [Fact]
    public void Enumeration_PreservesInsertionOrderAndDuplicates()
    {
        var metadata = new Metadata
        {
            { "b", "1" },
            { "a", "2" },
            { "b", "3" },
            { "c-bin", new byte[] { 1 } },
        };
        Assert.Equal(4, metadata.Count);
        Assert.Equal(["b", "a", "b", "c-bin"], metadata.Select(e => e.Key));
    }

    [Fact]
    public void RemoveAll_RemovesEveryMatchAndReturnsCount()
    {
        var metadata = new Metadata
        {
            { "k", "1" },
            { "x", "a" },
            { "K", "2" },
        };
        Assert.Equal(2, metadata.RemoveAll("K"));
        Assert.Single(metadata);
        Assert.Equal("x", metadata[0].Key);
        Assert.Equal(0, metadata.RemoveAll("k"));
    }

    [Fact]
    public void ListOperations_WorkOnEntries()
    {
        var metadata = new Metadata();
        var a = new Metadata.Entry("a", "1");
        var b = new Metadata.Entry("b", "2");
        metadata.Add(a);
        metadata.Insert(0, b);
        Assert.Equal(0, metadata.IndexOf(b));
        Assert.Contains(a, metadata);
        Assert.True(metadata.Remove(b));
        Assert.Same(a, metadata[0]);
        metadata.RemoveAt(0);
        Assert.Empty(metadata);
        metadata.Add(a);
        metadata.Clear();
        Assert.Empty(metadata);
        Assert.Throws<ArgumentNullException>(() => metadata.Add((Metadata.Entry)null!));
    }

    [Fact]
    public void Empty_ReturnsFreshEmptyInstance()
    {
        var empty = Metadata.Empty;
        Assert.Empty(empty);
        empty.Add("k", "v");
        Assert.Empty(Metadata.Empty);
    }
}
