using System.IO.Compression;
using Faultline.FunctionalTests.Infrastructure;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Faultline.FunctionalTests.RawFrames;

public class FramingTests : RawFrameTestBase
{
    protected override Action<Faultline.Server.FaultlineServerOptions>? Configure => o => o.MaxReceiveMessageSize = 64 * 1024;

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    [Fact]
    public async Task UnaryRequest_WithTrailingData_ReturnsInternal()
    {
        var response = await Client.PostAsync(Path("Echo"), RawGrpcClient.Concat(Str("a"), Str("b")));

        Assert.Equal("13", response.GrpcStatus);
        Assert.Contains("Unexpected data after", response.GrpcMessage);
        Server.Logs.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task UnaryRequest_Truncated_ReturnsInternal()
    {
        var frame = Str("truncated");
        var response = await Client.PostAsync(Path("Echo"), frame[..^2]);

        Assert.Equal("13", response.GrpcStatus);
        Assert.Contains("Incomplete request message", response.GrpcMessage);
    }

    [Fact]
    public async Task UnaryRequest_Empty_ReturnsInternal()
    {
        var response = await Client.PostAsync(Path("Echo"), []);

        Assert.Equal("13", response.GrpcStatus);
    }

    [Fact]
    public async Task CompressedFlagOtherThanZeroOrOne_ReturnsInternal()
    {
        var response = await Client.PostAsync(Path("Echo"), RawGrpcClient.Frame(new StringValue { Value = "x" }.ToByteArray(), flag: 2));

        Assert.Equal("13", response.GrpcStatus);
        Assert.Contains("compressed flag", response.GrpcMessage);
    }

    [Fact]
    public async Task DeclaredLengthOverLimit_ReturnsResourceExhausted_WithoutWaitingForBody()
    {
        // Only the header is sent: the server must refuse on the declared length alone.
        var header = new byte[] { 0, 0, 0x10, 0, 0 };
        var response = await Client.PostAsync(Path("Echo"), header);

        Assert.Equal("8", response.GrpcStatus);
        Assert.Contains("exceeds the limit", response.GrpcMessage);
    }

    [Fact]
    public async Task DeclaredLengthAboveInt32Max_ReturnsResourceExhausted()
    {
        var response = await Client.PostAsync(Path("Echo"), [0, 0xFF, 0xFF, 0xFF, 0xFF]);

        Assert.Equal("8", response.GrpcStatus);
    }

    [Fact]
    public async Task CompressedMessage_DecompressingOverLimit_ReturnsResourceExhausted()
    {
        var big = new StringValue { Value = new string('a', 200 * 1024) }.ToByteArray();
        var compressed = Gzip(big);
        Assert.True(compressed.Length < 64 * 1024);

        var response = await Client.PostAsync(Path("Echo"), RawGrpcClient.Frame(compressed, flag: 1), headers: [new("grpc-encoding", "gzip")]);

        Assert.Equal("8", response.GrpcStatus);
        Assert.Contains("decompresses to more than", response.GrpcMessage);
    }

    [Fact]
    public async Task CompressedMessage_WithGzipEncoding_IsDecompressed()
    {
        var payload = Gzip(new StringValue { Value = "zipped" }.ToByteArray());
        var response = await Client.PostAsync(Path("Echo"), RawGrpcClient.Frame(payload, flag: 1), headers: [new("grpc-encoding", "gzip")]);

        Assert.Equal("0", response.GrpcStatus);
        Assert.Equal("zipped", ParseStr(Assert.Single(response.Messages()).Payload));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("identity")]
    public async Task CompressedMessage_WithoutEncoding_ReturnsInternal(string? encoding)
    {
        var payload = Gzip(new StringValue { Value = "zipped" }.ToByteArray());
        var headers = encoding is null ? [] : new List<KeyValuePair<string, string>> { new("grpc-encoding", encoding) };
        var response = await Client.PostAsync(Path("Echo"), RawGrpcClient.Frame(payload, flag: 1), headers: headers);

        Assert.Equal("13", response.GrpcStatus);
    }

    [Fact]
    public async Task CompressedMessage_WithUnknownEncoding_ReturnsUnimplementedAndAcceptEncoding()
    {
        var response = await Client.PostAsync(Path("Echo"), RawGrpcClient.Frame([1, 2, 3], flag: 1), headers: [new("grpc-encoding", "snappy")]);

        Assert.Equal("12", response.GrpcStatus);
        Assert.Contains("gzip", response.GrpcMessage);
        Assert.Contains("gzip", response.Headers["grpc-accept-encoding"]);
    }

    [Fact]
    public async Task UndeserializableRequest_ReturnsInternal()
    {
        var response = await Client.PostAsync(Path("Echo"), RawGrpcClient.Frame([0xFF, 0xFF, 0xFF]));

        Assert.Equal("13", response.GrpcStatus);
        Assert.Contains("deserialize", response.GrpcMessage);
        Server.Logs.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task ClientStreaming_ManyMessages_AreReadInOrder()
    {
        var body = RawGrpcClient.Concat(Str("a"), Str("b"), RawGrpcClient.Frame([]), Str("c"));
        var response = await Client.PostAsync(Path("Concat"), body);

        Assert.Equal("0", response.GrpcStatus);
        Assert.Equal("a,b,,c", ParseStr(Assert.Single(response.Messages()).Payload));
    }

    [Fact]
    public async Task ClientStreaming_TotalBeyondKestrelBodyLimit_Succeeds()
    {
        // 40 messages of 60 KiB each is past Kestrel's 30 MB default only when multiplied; use a smaller
        // per-message size under this server's 64 KiB limit and enough of them to pass 30 MB.
        var chunk = Str(new string('x', 60 * 1024));
        var count = (31 * 1024 * 1024 / chunk.Length) + 1;
        var body = new byte[chunk.Length * count];
        for (var i = 0; i < count; i++)
        {
            chunk.CopyTo(body, i * chunk.Length);
        }

        var response = await Client.PostAsync(Path("Concat"), body);

        Assert.Equal("0", response.GrpcStatus);
    }

    [Fact]
    public async Task Duplex_EchoesEachMessage()
    {
        var response = await Client.PostAsync(Path("EchoStream"), RawGrpcClient.Concat(Str("1"), Str("2"), Str("3")));

        Assert.Equal(["1", "2", "3"], response.Messages().Select(m => ParseStr(m.Payload)));
        Assert.Equal("0", response.GrpcStatus);
    }
}
