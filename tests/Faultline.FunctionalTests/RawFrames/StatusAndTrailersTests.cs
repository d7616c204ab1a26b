using System.Net;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Faultline.FunctionalTests.RawFrames;

public class StatusAndTrailersTests : RawFrameTestBase
{
    [Fact]
    public async Task Unary_Success_SendsMessageThenOkTrailers()
    {
        var response = await Client.PostAsync(Path("Echo"), Str("hi"));

        Assert.Equal(HttpStatusCode.OK, response.HttpStatus);
        Assert.Equal("application/grpc", response.Headers["content-type"]);
        var message = Assert.Single(response.Messages());
        Assert.Equal(0, message.Flag);
        Assert.Equal("hi", ParseStr(message.Payload));
        Assert.Equal("0", response.Trailers["grpc-status"]);
        Assert.False(response.Trailers.ContainsKey("grpc-message"));
        Assert.False(response.Headers.ContainsKey("grpc-status"));
        Server.Logs.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task Unary_ErrorBeforeAnyMessage_IsTrailersOnly()
    {
        var response = await Client.PostAsync(Path("Fail"), Str("not-found"));

        Assert.Equal(HttpStatusCode.OK, response.HttpStatus);
        Assert.True(response.IsTrailersOnly);
        Assert.Equal("application/grpc", response.Headers["content-type"]);
        Assert.Equal("5", response.Headers["grpc-status"]);
        Assert.Equal("missing", response.Headers["x-reason"]);
        Assert.Equal(Convert.ToBase64String(new byte[] { 0, 1, 2, 255 }), response.Headers["x-detail-bin"]);
        Server.Logs.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task StatusMessage_IsPercentEncoded()
    {
        var response = await Client.PostAsync(Path("Fail"), Str("not-found"));

        Assert.Equal("No such thing: 100%25 gone %E2%9C%93", response.GrpcMessage);
    }

    [Fact]
    public async Task ServerStreaming_ErrorAfterMessages_EndsWithStatusInTrailers()
    {
        var response = await Client.PostAsync(Path("Count"), Int(-3));

        Assert.Equal(3, response.Messages().Count);
        Assert.Equal("10", response.Trailers["grpc-status"]);
        Assert.Equal("aborted after streaming", response.Trailers["grpc-message"]);
        Assert.False(response.Headers.ContainsKey("grpc-status"));
    }

    [Fact]
    public async Task ReservedTrailersSetByMethod_DoNotOverrideStatus()
    {
        var response = await Client.PostAsync(Path("Fail"), Str("forge"));

        Assert.Equal("5", response.GrpcStatus);
        Assert.Equal("real", response.GrpcMessage);
    }

    [Fact]
    public async Task StatusSetOnContext_IsSentWithoutResponseMessage()
    {
        var response = await Client.PostAsync(Path("Fail"), Str("status"));

        Assert.Empty(response.Messages());
        Assert.Equal("9", response.GrpcStatus);
        Assert.Equal("set by the method", response.GrpcMessage);
    }

    [Fact]
    public async Task UnhandledException_ReturnsUnknownWithoutExceptionText()
    {
        var response = await Client.PostAsync(Path("Fail"), Str("boom"));

        Assert.Equal("2", response.GrpcStatus);
        Assert.Equal("Exception was thrown by handler.", response.GrpcMessage);
        Assert.Contains(Server.Logs.Records, r => r.EventName == "UnhandledException");
        Server.Logs.AssertNoUnexpectedErrors("UnhandledException");
    }

    [Fact]
    public async Task NullResponse_ReturnsCancelled()
    {
        var response = await Client.PostAsync(Path("NullResponse"), Str("x"));

        Assert.Equal("1", response.GrpcStatus);
        Assert.Equal("No message returned from method.", response.GrpcMessage);
    }

    [Theory]
    [InlineData("/faultline.test.TestService/NoSuchMethod", "Method is unimplemented.")]
    [InlineData("/no.such.Service/Method", "Service is unimplemented.")]
    public async Task UnknownServiceOrMethod_ReturnsUnimplementedTrailersOnly(string path, string message)
    {
        var response = await Client.PostAsync(path, Str("x"));

        Assert.Equal(HttpStatusCode.OK, response.HttpStatus);
        Assert.True(response.IsTrailersOnly);
        Assert.Equal("application/grpc", response.Headers["content-type"]);
        Assert.Equal("12", response.GrpcStatus);
        Assert.Equal(message, response.GrpcMessage);
        Server.Logs.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task UnknownPathWithoutGrpcContentType_IsNotTreatedAsGrpc()
    {
        var response = await Client.PostAsync("/no.such.Service/Method", Str("x"), contentType: "application/json");

        Assert.Equal(HttpStatusCode.NotFound, response.HttpStatus);
        Assert.Null(response.GrpcStatus);
    }

    [Fact]
    public async Task WrongContentType_Returns415WithInternalStatus()
    {
        var response = await Client.PostAsync(Path("Echo"), Str("x"), contentType: "application/json");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.HttpStatus);
        Assert.Equal("13", response.GrpcStatus);
        Assert.Contains("application/json", response.GrpcMessage);
    }

    [Theory]
    [InlineData("application/grpc+proto")]
    [InlineData("application/grpc; charset=utf-8")]
    [InlineData("APPLICATION/GRPC")]
    public async Task GrpcContentTypeVariants_AreAccepted(string contentType)
    {
        var response = await Client.PostAsync(Path("Echo"), Str("v"), contentType: contentType);

        Assert.Equal("0", response.GrpcStatus);
        Assert.Equal("v", ParseStr(Assert.Single(response.Messages()).Payload));
    }

    [Fact]
    public async Task Http1Request_Returns426()
    {
        using var http1 = new Infrastructure.RawGrpcClient(Server.Http1Address);
        var response = await http1.PostAsync(Path("Echo"), Str("x"), version: HttpVersion.Version11);

        Assert.Equal(HttpStatusCode.UpgradeRequired, response.HttpStatus);
        Assert.Equal("13", response.GrpcStatus);
    }
}
