using System.IO.Compression;
using Faultline.FunctionalTests.Infrastructure;
using Faultline.FunctionalTests.Services;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Faultline.FunctionalTests.RawFrames;

[Collection(SleepObservedCollection.Name)]
public class MetadataAndDeadlineTests : RawFrameTestBase
{
    [Fact]
    public async Task RequestHeaders_ExcludeReservedAndPseudoHeaders_AndDecodeBinary()
    {
        var response = await Client.PostAsync(Path("EchoMetadata"), Str("x"), headers:
        [
            new("x-custom", "value"),
            new("x-data-bin", "AAEC"),
            new("x-unpadded-bin", "AAE"),
            new("grpc-timeout", "10S"),
        ]);

        Assert.Equal("0", response.GrpcStatus);
        Assert.Equal("value", response.Headers["x-custom"]);
        Assert.Equal("AAEC", response.Headers["x-data-bin"]);
        Assert.Equal("AAE=", response.Headers["x-unpadded-bin"]);
        Assert.False(response.Headers.ContainsKey("te"));
        Assert.False(response.Headers.ContainsKey("grpc-timeout"));
        Assert.False(response.Headers.ContainsKey(":path"));
        Assert.Equal("application/grpc", response.Headers["content-type"]);
        Assert.Equal("trailer-value", response.Trailers["x-trailer"]);
        Assert.Equal("CQgH", response.Trailers["x-trailer-bin"]);
        Assert.Equal("/faultline.test.TestService/EchoMetadata|set|True", ParseStr(Assert.Single(response.Messages()).Payload));
    }

    [Fact]
    public async Task InvalidBase64InBinaryHeader_ReturnsInvalidArgument()
    {
        var response = await Client.PostAsync(Path("Fail"), Str("bad-header"), headers: [new("x-data-bin", "!!!notbase64")]);

        Assert.Equal("3", response.GrpcStatus);
        Assert.Contains("x-data-bin", response.GrpcMessage);
        Server.Logs.AssertNoUnexpectedErrors();
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("10")]
    [InlineData("123456789S")]
    [InlineData("5X")]
    public async Task InvalidTimeout_IsIgnored(string timeout)
    {
        var response = await Client.PostAsync(Path("EchoMetadata"), Str("x"), headers: [new("grpc-timeout", timeout)]);

        Assert.Equal("0", response.GrpcStatus);
        Assert.StartsWith("/faultline.test.TestService/EchoMetadata|none|", ParseStr(Assert.Single(response.Messages()).Payload));
    }

    [Fact]
    public async Task DeadlineExpiry_ReturnsDeadlineExceeded_AndCancelsHandlerToken()
    {
        TestService.SleepObserved = new TaskCompletionSource<CancellationToken>(TaskCreationOptions.RunContinuationsAsynchronously);
        var response = await Client.PostAsync(Path("Sleep"), Int(30_000), headers: [new("grpc-timeout", "200m")]);

        Assert.Equal("4", response.GrpcStatus);
        var token = await TestService.SleepObserved.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(token.IsCancellationRequested);
        Server.Logs.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task ClientReset_CancelsHandlerToken()
    {
        TestService.SleepObserved = new TaskCompletionSource<CancellationToken>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var cts = new CancellationTokenSource();
        var call = Client.PostAsync(Path("Sleep"), Int(30_000), cancellationToken: cts.Token);
        var token = await TestService.SleepObserved.Task.WaitAsync(TimeSpan.FromSeconds(5));
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);

        var cancelled = new TaskCompletionSource();
        token.Register(() => cancelled.TrySetResult());
        await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Server.Logs.AssertNoUnexpectedErrors();
    }
}

public class ResponseCompressionTests : RawFrameTestBase
{
    protected override Action<Faultline.Server.FaultlineServerOptions>? Configure => o => o.ResponseCompressionAlgorithm = "gzip";

    [Fact]
    public async Task ClientAcceptingGzip_GetsCompressedResponse()
    {
        var response = await Client.PostAsync(Path("Echo"), Str("compress me"), headers: [new("grpc-accept-encoding", "identity,gzip")]);

        Assert.Equal("gzip", response.Headers["grpc-encoding"]);
        var message = Assert.Single(response.Messages());
        Assert.Equal(1, message.Flag);
        using var gzip = new GZipStream(new MemoryStream(message.Payload), CompressionMode.Decompress);
        Assert.Equal("compress me", StringValue.Parser.ParseFrom(gzip).Value);
    }

    [Fact]
    public async Task ClientNotAcceptingGzip_GetsUncompressedResponse()
    {
        var response = await Client.PostAsync(Path("Echo"), Str("plain"));

        Assert.False(response.Headers.ContainsKey("grpc-encoding"));
        var message = Assert.Single(response.Messages());
        Assert.Equal(0, message.Flag);
        Assert.Equal("plain", ParseStr(message.Payload));
    }
}

public class DetailedErrorsTests : RawFrameTestBase
{
    protected override Action<Faultline.Server.FaultlineServerOptions>? Configure => o => o.EnableDetailedErrors = true;

    [Fact]
    public async Task UnhandledException_WithDetailedErrors_IncludesExceptionText()
    {
        var response = await Client.PostAsync(Path("Fail"), Str("boom"));

        Assert.Equal("2", response.GrpcStatus);
        Assert.Contains("InvalidOperationException: secret internal detail", response.GrpcMessage);
    }
}
