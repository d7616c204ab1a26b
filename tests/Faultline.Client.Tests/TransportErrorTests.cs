using System.Net;
using System.Net.Sockets;
using Faultline.Client.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Features;

namespace Faultline.Client.Tests;

public sealed class TransportErrorTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private CallInvoker Invoker => fixture.Channel.CreateCallInvoker();

    [Fact]
    public async Task UnaryCall_ConnectionRefused_IsUnavailableWithTheCause()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");
        using var call = channel.CreateCallInvoker().AsyncUnaryCall(TestMethods.Unary(("test.Raw", "Any")), null, default, "x");
        var ex = await Assert.ThrowsAnyAsync<GrpcException>(() => call.ResponseAsync.Bounded());
        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
        Assert.Contains("refused", ex.Status.Message, StringComparison.OrdinalIgnoreCase);
        Assert.IsType<HttpRequestException>(ex.InnerException);
        var headers = await Assert.ThrowsAnyAsync<GrpcException>(() => call.ResponseHeadersAsync);
        Assert.Equal(StatusCode.Unavailable, headers.StatusCode);
    }

    [Fact]
    public async Task ClientStreaming_ConnectionRefused_WriteSurfacesUnavailable()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");
        using var call = channel.CreateCallInvoker().AsyncClientStreamingCall(TestMethods.ClientStreaming(("test.Raw", "Any")), null, default);
        var ex = await Assert.ThrowsAnyAsync<GrpcException>(() => call.RequestStream.WriteAsync("a").Bounded());
        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
        await call.RequestStream.CompleteAsync().Bounded();
    }

    [Theory]
    [InlineData(0x8, StatusCode.Cancelled)]
    [InlineData(0xb, StatusCode.ResourceExhausted)]
    [InlineData(0x2, StatusCode.Internal)]
    [InlineData(0x1, StatusCode.Internal)]
    [InlineData(0x7, StatusCode.Unavailable)]
    public async Task UnaryCall_StreamResetBeforeHeaders_MapsHttp2ErrorCode(int errorCode, StatusCode expected)
    {
        var name = fixture.Server.Map(context =>
        {
            context.Features.Get<IHttpResetFeature>()!.Reset(errorCode);
            return Task.CompletedTask;
        });

        using var call = Invoker.AsyncUnaryCall(TestMethods.Unary(name), null, default, "x");
        var ex = await Assert.ThrowsAnyAsync<GrpcException>(() => call.ResponseAsync.Bounded());
        Assert.Equal(expected, ex.StatusCode);
        Assert.Contains($"0x{errorCode:x}", ex.Status.Message);
    }

    [Theory]
    [InlineData(0x8, StatusCode.Cancelled)]
    [InlineData(0xb, StatusCode.ResourceExhausted)]
    [InlineData(0x2, StatusCode.Internal)]
    public async Task Duplex_StreamResetAfterAMessage_MapsHttp2ErrorCode(int errorCode, StatusCode expected)
    {
        var name = fixture.Server.Map(async context =>
        {
            await GrpcFraming.StartAsync(context.Response);
            await GrpcFraming.WriteAsync(context.Response, "one");
            // Reset only once the client has read the message, so the reset cannot overtake it.
            await GrpcFraming.ReadTextAsync(context.Request);
            context.Features.Get<IHttpResetFeature>()!.Reset(errorCode);
        });

        using var call = Invoker.AsyncDuplexStreamingCall(TestMethods.Duplex(name), null, default);
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).Bounded());
        await call.RequestStream.WriteAsync("read it").Bounded();
        var ex = await Assert.ThrowsAnyAsync<GrpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None).Bounded());
        Assert.Equal(expected, ex.StatusCode);
    }

    [Fact]
    public async Task ServerStreaming_TruncatedMessage_IsInternal()
    {
        var name = fixture.Server.Map(async context =>
        {
            await GrpcFraming.StartAsync(context.Response);
            await context.Response.Body.WriteAsync(GrpcFraming.Frame("hello").AsMemory(0, 7));
            GrpcFraming.Trailers(context.Response, 0);
        });

        using var call = Invoker.AsyncServerStreamingCall(TestMethods.ServerStreaming(name), null, default, "x");
        var ex = await Assert.ThrowsAnyAsync<GrpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None).Bounded());
        Assert.Equal(StatusCode.Internal, ex.StatusCode);
    }

    [Fact]
    public async Task ChannelDisposed_NewCallsThrowObjectDisposed()
    {
        var channel = GrpcChannel.ForAddress(fixture.Server.Address);
        var invoker = channel.CreateCallInvoker();
        channel.Dispose();
        Assert.Throws<ObjectDisposedException>(() => invoker.AsyncUnaryCall(TestMethods.Unary(("a.B", "C")), null, default, "x"));
        Assert.Throws<ObjectDisposedException>(() => channel.CreateCallInvoker());
        await Task.CompletedTask;
    }
}
