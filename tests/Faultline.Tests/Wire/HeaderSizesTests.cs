using Faultline.Internal.Wire;

namespace Faultline.Tests.Wire;

/// <summary><see cref="HeaderSizes"/> against reference encoders written from the specs.</summary>
public class HeaderSizesTests
{
    // Kept out of [InlineData]: xUnit does not carry unpaired surrogates through theory arguments intact.
    private static readonly string[] Texts =
    [
        string.Empty,
        "abc",
        "%",
        "100%",
        "%%%",
        " ~",
        "\u007F",
        "\t\n\r\0",
        "é",
        "ü€",
        "日本語",
        "😀",
        "a😀b",
        "\u07FF\u0800",
        "\uFFFF",
        "\uD83D", // lone high surrogate
        "\uDE00", // lone low surrogate
        "ab\uD83D", // high surrogate at the end
        "\uDE00\uD83D", // a pair in the wrong order
        "\uD83D\uD83D\uDE00", // a lone high surrogate, then a pair
        "mixed: ✓ 100% done\nnext 😀",
    ];

    [Fact]
    public void PercentEncodedLength_EqualsTheReferenceEncodersLength()
    {
        foreach (var text in Texts)
        {
            Assert.True(
                ReferenceHeaderSize.PercentEncode(text).Length == HeaderSizes.PercentEncodedLength(text),
                $"mismatch for UTF-16 {Convert.ToHexString(System.Text.Encoding.Unicode.GetBytes(text))}");
        }
    }

    [Fact]
    public void PercentEncodedLength_EveryBmpCharacter_EqualsTheReference()
    {
        for (var c = 0; c <= 0xFFFF; c++)
        {
            var text = ((char)c).ToString();
            Assert.True(ReferenceHeaderSize.PercentEncode(text).Length == HeaderSizes.PercentEncodedLength(text), $"U+{c:X4}");
        }
    }

    [Fact]
    public void PercentEncodedLength_RandomStrings_EqualTheReference()
    {
        var random = new Random(20240611);
        for (var i = 0; i < 500; i++)
        {
            var chars = new char[random.Next(0, 64)];
            for (var j = 0; j < chars.Length; j++)
            {
                // Mostly ASCII, with two-byte, three-byte and surrogate code units mixed in.
                chars[j] = random.Next(6) switch
                {
                    0 => (char)random.Next(0x80, 0x800),
                    1 => (char)random.Next(0x800, 0xD800),
                    2 => (char)random.Next(0xD800, 0xE000),
                    _ => (char)random.Next(0, 0x80),
                };
            }

            var text = new string(chars);
            Assert.True(ReferenceHeaderSize.PercentEncode(text).Length == HeaderSizes.PercentEncodedLength(text), $"mismatch for {Convert.ToHexString(System.Text.Encoding.Unicode.GetBytes(text))}");
        }
    }

    [Fact]
    public void ReferencePercentEncoder_EncodesAsTheGrpcSpecSays()
    {
        // The reference itself: UTF-8 bytes, printable ASCII except '%' as is (PROTOCOL-HTTP2.md, Status-Message);
        // an unpaired surrogate becomes U+FFFD, as .NET's UTF-8 encoder (and so grpc-dotnet) writes it.
        Assert.Equal("a%25b", ReferenceHeaderSize.PercentEncode("a%b"));
        Assert.Equal("%C3%A9", ReferenceHeaderSize.PercentEncode("é"));
        Assert.Equal("%F0%9F%98%80", ReferenceHeaderSize.PercentEncode("😀"));
        Assert.Equal("%EF%BF%BD", ReferenceHeaderSize.PercentEncode("\uD83D"));
        Assert.Equal("%0A", ReferenceHeaderSize.PercentEncode("\n"));
        Assert.Equal("%7F", ReferenceHeaderSize.PercentEncode("\u007F"));
        Assert.Equal("~ !", ReferenceHeaderSize.PercentEncode("~ !"));
    }

    [Fact]
    public void Base64Length_EqualsPaddedBase64()
    {
        for (var n = 0; n <= 300; n++)
        {
            Assert.Equal(Convert.ToBase64String(new byte[n]).Length, HeaderSizes.Base64Length(n));
        }
    }

    [Fact]
    public void Field_IsNamePlusValuePlus32()
    {
        Assert.Equal("grpc-message".Length + 10 + 32, HeaderSizes.Field("grpc-message", 10));
        Assert.Equal(32, HeaderSizes.PerFieldOverhead);
    }
}
