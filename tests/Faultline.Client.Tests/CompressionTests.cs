using System.Text;
using Faultline.Client.Tests.Infrastructure;

namespace Faultline.Client.Tests;

public sealed class CompressionTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private CallInvoker Invoker => fixture.Channel.CreateCallInvoker();

    /// <summary>Echoes the request; reports its grpc-encoding and compressed flag; answers gzip-compressed.</summary>
    private (string, string) MapGzipEcho() => fixture.Server.Map(async context =>
    {
        var message = (await GrpcFraming.ReadAsync(context.Request.BodyReader))!.Value;
        var encoding = context.Request.Headers["grpc-encoding"].ToString();
        var text = Encoding.UTF8.GetString(message.Compressed ? GrpcFraming.Gunzip(message.Payload) : message.Payload);
        var reply = Encoding.UTF8.GetBytes($"{encoding}|{message.Compressed}|{text}");
        await GrpcFraming.StartAsync(context.Response, encoding: "gzip");
        await context.Response.Body.WriteAsync(GrpcFraming.Frame(GrpcFraming.Gzip(reply), compressed: true));
        GrpcFraming.Trailers(context.Response, 0);
    });

    [Fact]
    public async Task UnaryCall_GzipRequestAndResponse_RoundTrip()
    {
        var name = MapGzipEcho();
        var text = new string('q', 5000);
        var response = await Invoker.AsyncUnaryCall(TestMethods.Unary(name), null, new CallOptions(compression: "gzip"), text).ResponseAsync.Bounded();
        Assert.Equal($"gzip|True|{text}", response);
    }

    [Fact]
    public async Task UnaryCall_NoCompressWriteOption_SendsUncompressedMessage()
    {
        var name = MapGzipEcho();
        var options = new CallOptions(compression: "gzip", writeOptions: new WriteOptions(WriteFlags.NoCompress));
        var response = await Invoker.AsyncUnaryCall(TestMethods.Unary(name), null, options, "plain").ResponseAsync.Bounded();
        Assert.Equal("gzip|False|plain", response);
    }

    [Fact]
    public async Task UnaryCall_NoCompression_SendsNoGrpcEncodingButReadsCompressedResponse()
    {
        var name = MapGzipEcho();
        var response = await Invoker.AsyncUnaryCall(TestMethods.Unary(name), null, default, "plain").ResponseAsync.Bounded();
        Assert.Equal("|False|plain", response);
    }

    [Fact]
    public async Task ClientStreaming_ChannelDefaultCompression_CompressesEveryMessage()
    {
        var name = fixture.Server.Map(async context =>
        {
            var parts = new List<string>();
            while (await GrpcFraming.ReadAsync(context.Request.BodyReader) is { } message)
            {
                parts.Add(message.Compressed + ":" + Encoding.UTF8.GetString(GrpcFraming.Gunzip(message.Payload)));
            }

            await GrpcFraming.StartAsync(context.Response);
            await GrpcFraming.WriteAsync(context.Response, context.Request.Headers["grpc-encoding"] + "|" + string.Join(",", parts));
            GrpcFraming.Trailers(context.Response, 0);
        });

        using var channel = GrpcChannel.ForAddress(fixture.Server.Address, new GrpcChannelOptions { DefaultCompression = "gzip" });
        using var call = channel.CreateCallInvoker().AsyncClientStreamingCall(TestMethods.ClientStreaming(name), null, default);
        await call.RequestStream.WriteAsync("a").Bounded();
        await call.RequestStream.WriteAsync("b").Bounded();
        await call.RequestStream.CompleteAsync().Bounded();
        Assert.Equal("gzip|True:a,True:b", await call.ResponseAsync.Bounded());
    }

    [Fact]
    public async Task UnaryCall_UnknownCallCompression_FailsWithInternal()
    {
        var name = MapGzipEcho();
        using var call = Invoker.AsyncUnaryCall(TestMethods.Unary(name), null, new CallOptions(compression: "br"), "x");
        var ex = await Assert.ThrowsAnyAsync<GrpcException>(() => call.ResponseAsync.Bounded());
        Assert.Equal(StatusCode.Internal, ex.StatusCode);
        Assert.Contains("br", ex.Status.Message);
    }

    [Fact]
    public void Channel_UnknownDefaultCompression_IsRejectedWhenCreated()
    {
        var ex = Assert.Throws<ArgumentException>(() => GrpcChannel.ForAddress(fixture.Server.Address, new GrpcChannelOptions { DefaultCompression = "br" }));
        Assert.Contains("DefaultCompression", ex.Message);
    }

    [Fact]
    public async Task UnaryCall_ResponseWithUnsupportedEncoding_IsUnimplemented()
    {
        var name = fixture.Server.Map(async context =>
        {
            await GrpcFraming.StartAsync(context.Response, encoding: "br");
            await context.Response.Body.WriteAsync(GrpcFraming.Frame([1, 2, 3], compressed: true));
            GrpcFraming.Trailers(context.Response, 0);
        });

        using var call = Invoker.AsyncUnaryCall(TestMethods.Unary(name), null, default, "x");
        var ex = await Assert.ThrowsAnyAsync<GrpcException>(() => call.ResponseAsync.Bounded());
        Assert.Equal(StatusCode.Unimplemented, ex.StatusCode);
    }

    [Fact]
    public async Task UnaryCall_CompressedFlagWithoutEncoding_IsInternal()
    {
        var name = fixture.Server.Map(async context =>
        {
            await GrpcFraming.StartAsync(context.Response);
            await context.Response.Body.WriteAsync(GrpcFraming.Frame(GrpcFraming.Gzip([65]), compressed: true));
            GrpcFraming.Trailers(context.Response, 0);
        });

        using var call = Invoker.AsyncUnaryCall(TestMethods.Unary(name), null, default, "x");
        var ex = await Assert.ThrowsAnyAsync<GrpcException>(() => call.ResponseAsync.Bounded());
        Assert.Equal(StatusCode.Internal, ex.StatusCode);
    }

    [Fact]
    public async Task UnaryCall_ResponseDecompressingPastTheLimit_IsResourceExhausted()
    {
        var name = fixture.Server.Map(async context =>
        {
            await GrpcFraming.StartAsync(context.Response, encoding: "gzip");
            await context.Response.Body.WriteAsync(GrpcFraming.Frame(GrpcFraming.Gzip(new byte[100_000]), compressed: true));
            GrpcFraming.Trailers(context.Response, 0);
        });

        using var channel = GrpcChannel.ForAddress(fixture.Server.Address, new GrpcChannelOptions { MaxReceiveMessageSize = 10_000 });
        using var call = channel.CreateCallInvoker().AsyncUnaryCall(TestMethods.Unary(name), null, default, "x");
        var ex = await Assert.ThrowsAnyAsync<GrpcException>(() => call.ResponseAsync.Bounded());
        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
    }
}
