using System.IO.Compression;
using Faultline.Compression;
using Faultline.Core.Tests.Infrastructure;

namespace Faultline.Core.Tests;

public class CompressionProvidersTests
{
    private static byte[] Compress(ICompressionProvider provider, byte[] data)
    {
        var ms = new MemoryStream();
        using (var stream = provider.CreateCompressionStream(ms))
        {
            stream.Write(data);
        }

        return ms.ToArray();
    }

    private static byte[] Decompress(ICompressionProvider provider, byte[] data)
    {
        using var stream = provider.CreateDecompressionStream(new MemoryStream(data));
        var ms = new MemoryStream();
        stream.CopyTo(ms);
        return ms.ToArray();
    }

    public static IEnumerable<object[]> Payloads()
    {
        yield return [Array.Empty<byte>()];
        yield return [new byte[] { 42 }];
        yield return [new byte[100_000]];
        yield return [Frames.Random(100_000)];
    }

    [Theory]
    [MemberData(nameof(Payloads))]
    public void Gzip_RoundTrips(byte[] data)
    {
        var provider = new GzipCompressionProvider();
        Assert.Equal(data, Decompress(provider, Compress(provider, data)));
    }

    [Theory]
    [MemberData(nameof(Payloads))]
    public void Deflate_RoundTrips(byte[] data)
    {
        var provider = new DeflateCompressionProvider(CompressionLevel.Optimal);
        Assert.Equal(data, Decompress(provider, Compress(provider, data)));
    }

    [Fact]
    public void Gzip_OutputIsStandardGzip()
    {
        var data = Frames.Random(1000);
        var compressed = Compress(new GzipCompressionProvider(CompressionLevel.SmallestSize), data);
        Assert.Equal(0x1F, compressed[0]);
        Assert.Equal(0x8B, compressed[1]);
        Assert.Equal(data, Frames.Gunzip(compressed));
    }

    [Fact]
    public void Deflate_OutputIsZlibFormat()
    {
        // gRPC's "deflate" is zlib (RFC 1950), as in grpc-dotnet and grpc-core.
        var data = Frames.Random(1000);
        var compressed = Compress(new DeflateCompressionProvider(), data);
        Assert.Equal(0x78, compressed[0]);
        Assert.Equal(0, ((compressed[0] << 8) | compressed[1]) % 31);
        using var zlib = new ZLibStream(new MemoryStream(compressed), CompressionMode.Decompress);
        var ms = new MemoryStream();
        zlib.CopyTo(ms);
        Assert.Equal(data, ms.ToArray());
    }

    [Fact]
    public void Providers_LeaveUnderlyingStreamOpen()
    {
        var ms = new MemoryStream();
        using (var stream = new GzipCompressionProvider().CreateCompressionStream(ms))
        {
            stream.WriteByte(1);
        }

        Assert.True(ms.CanWrite);
        var source = new MemoryStream(ms.ToArray());
        using (var stream = new GzipCompressionProvider().CreateDecompressionStream(source))
        {
            Assert.Equal(1, stream.ReadByte());
        }

        Assert.True(source.CanRead);
    }

    [Fact]
    public void EncodingNames_AreGzipAndDeflate()
    {
        Assert.Equal("gzip", new GzipCompressionProvider().EncodingName);
        Assert.Equal("deflate", new DeflateCompressionProvider().EncodingName);
    }

    [Fact]
    public void Default_AcceptEncodingHeaderValue_StartsWithIdentity()
    {
        var value = CompressionProviders.Default.AcceptEncodingHeaderValue;
        Assert.StartsWith("identity", value);
        Assert.Equal("identity,gzip,deflate", value);
    }

    [Fact]
    public void Empty_AcceptEncodingHeaderValue_IsIdentity()
    {
        Assert.Equal("identity", new CompressionProviders([]).AcceptEncodingHeaderValue);
    }

    [Fact]
    public void TryGet_IsCaseInsensitive_AndUnknownReturnsFalse()
    {
        Assert.True(CompressionProviders.Default.TryGet("gzip", out var gzip));
        Assert.Equal("gzip", gzip!.EncodingName);
        Assert.True(CompressionProviders.Default.TryGet("GZip", out _));
        Assert.True(CompressionProviders.Default.TryGet("deflate", out var deflate));
        Assert.Equal("deflate", deflate!.EncodingName);
        Assert.False(CompressionProviders.Default.TryGet("br", out var none));
        Assert.Null(none);
        Assert.False(CompressionProviders.Default.TryGet("identity", out _));
    }

    [Fact]
    public void Ctor_LaterProviderReplacesEarlierOfSameName()
    {
        var first = new GzipCompressionProvider();
        var second = new GzipCompressionProvider(CompressionLevel.Optimal);
        var providers = new CompressionProviders([first, second]);
        Assert.True(providers.TryGet("gzip", out var found));
        Assert.Same(second, found);
        Assert.Equal("identity,gzip", providers.AcceptEncodingHeaderValue);
    }
}
