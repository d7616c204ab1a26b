using Faultline.Protocol;

namespace Faultline.Core.Tests;

public class PercentEncodingTests
{
    [Theory]
    [InlineData("")]
    [InlineData("plain message")]
    [InlineData("with spaces and ~!@#$^&*()")]
    public void Encode_PrintableAsciiWithoutPercent_IsUnchanged(string value)
    {
        Assert.Equal(value, PercentEncoding.Encode(value));
    }

    [Theory]
    [InlineData("50%", "50%25")]
    [InlineData("%", "%25")]
    [InlineData("line\nbreak", "line%0Abreak")]
    [InlineData("\r\t\0", "%0D%09%00")]
    [InlineData("\u007F", "%7F")]
    [InlineData("caf\u00e9", "caf%C3%A9")]
    [InlineData("\u4e2d", "%E4%B8%AD")]
    [InlineData("\U0001F600", "%F0%9F%98%80")]
    [InlineData("a b", "a b")]
    public void Encode_EscapesPercentAndNonPrintableAsUpperHexUtf8(string value, string expected)
    {
        Assert.Equal(expected, PercentEncoding.Encode(value));
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain")]
    [InlineData("100% done")]
    [InlineData("%%%%")]
    [InlineData("%25")]
    [InlineData("tab\there\nnewline\r\0null")]
    [InlineData("  leading and trailing  ")]
    [InlineData("unicode: caf\u00e9 \u4e2d\u6587 \U0001F600 \u00ff")]
    [InlineData("\u007F\u0080\u0001")]
    public void EncodeDecode_RoundTrips(string value)
    {
        var encoded = PercentEncoding.Encode(value);
        foreach (var c in encoded)
        {
            Assert.InRange(c, (char)0x20, (char)0x7E);
        }

        Assert.Equal(value, PercentEncoding.Decode(encoded));
    }

    [Theory]
    [InlineData("caf%c3%a9", "caf\u00e9")]
    [InlineData("%41%42", "AB")]
    [InlineData("%20", " ")]
    [InlineData("end%41", "endA")]
    public void Decode_ValidEscapes_AreDecoded(string value, string expected)
    {
        Assert.Equal(expected, PercentEncoding.Decode(value));
    }

    [Theory]
    [InlineData("%")]
    [InlineData("%G1")]
    [InlineData("%4")]
    [InlineData("abc%")]
    [InlineData("abc%4")]
    [InlineData("%1G")]
    [InlineData("%%")]
    [InlineData("% 1")]
    public void Decode_InvalidEscape_KeepsText(string value)
    {
        Assert.Equal(value, PercentEncoding.Decode(value));
    }

    [Fact]
    public void Decode_InvalidEscapeFollowedByValid_KeepsOneAndDecodesOther()
    {
        Assert.Equal("%A", PercentEncoding.Decode("%%41"));
        Assert.Equal("%G1 A", PercentEncoding.Decode("%G1 %41"));
    }

    [Fact]
    public void Decode_NoPercent_ReturnsInputUnchanged()
    {
        const string value = "no escapes here";
        Assert.Equal(value, PercentEncoding.Decode(value));
    }

    [Fact]
    public void Decode_RawNonAsciiBmpCharacterNextToEscape_IsKept()
    {
        Assert.Equal("\u00e9 %", PercentEncoding.Decode("\u00e9 %25"));
    }

    // The decoder's comment says raw non-ASCII text is kept "rather than lose it"; a character outside
    // the BMP (a surrogate pair) must survive too, not become two U+FFFD replacement characters.
    [Fact]
    public void Decode_RawSurrogatePairNextToEscape_IsKept()
    {
        Assert.Equal("\U0001F600 %", PercentEncoding.Decode("\U0001F600 %25"));
    }
}
