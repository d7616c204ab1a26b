using Faultline.Internal.Wire;

namespace Faultline.Tests.Wire;

public class AsciiHeaderValueTests
{
    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("~")]
    [InlineData("plain value")]
    [InlineData("100% {json: \"quoted\"} <tag/> \\ |")]
    public void IsValid_PrintableAscii_IsTrue(string value)
    {
        Assert.True(AsciiHeaderValue.IsValid(value));
    }

    [Fact]
    public void IsValid_EveryPrintableAsciiCharacter_IsTrue()
    {
        var all = new string(Enumerable.Range(0x20, 0x7F - 0x20).Select(c => (char)c).ToArray());

        Assert.True(AsciiHeaderValue.IsValid(all));
    }

    [Fact]
    public void IsValid_EveryOtherCharacterBelow0x100_IsFalse()
    {
        var invalid = Enumerable.Range(0, 0x100).Where(c => c is < 0x20 or > 0x7E).Select(c => (char)c);

        foreach (var c in invalid)
        {
            Assert.False(AsciiHeaderValue.IsValid("ok" + c + "ok"), $"U+{(int)c:X4} was accepted");
        }
    }

    [Fact]
    public void IsValid_NonAscii_IsFalse()
    {
        // Not theory data: xUnit does not carry an unpaired surrogate through theory arguments intact.
        foreach (var value in new[] { "é", "日本", "😀", "\uD83D", "\uDE00", "\uFFFD", "ok\u0100" })
        {
            Assert.False(AsciiHeaderValue.IsValid(value), value);
        }
    }
}
