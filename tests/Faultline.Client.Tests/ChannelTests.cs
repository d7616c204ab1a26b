using Faultline.Client.Tests.Infrastructure;

namespace Faultline.Client.Tests;

public sealed class ChannelTests
{
    [Theory]
    [InlineData("localhost:5000")]
    [InlineData("ftp://localhost")]
    [InlineData("/relative")]
    public void ForAddress_NotAbsoluteHttpOrHttps_Throws(string address)
    {
        var ex = Assert.Throws<ArgumentException>(() => GrpcChannel.ForAddress(address));
        Assert.Contains("http", ex.Message);
    }

    [Fact]
    public void ForAddress_NegativeLimits_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => GrpcChannel.ForAddress("http://localhost", new GrpcChannelOptions { MaxReceiveMessageSize = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => GrpcChannel.ForAddress("http://localhost", new GrpcChannelOptions { MaxSendMessageSize = -1 }));
    }

    [Fact]
    public void ForAddress_KeepsAddressAndTarget()
    {
        using var channel = GrpcChannel.ForAddress(new Uri("https://example.test:8443"));
        Assert.Equal(new Uri("https://example.test:8443"), channel.Address);
        Assert.Equal("https://example.test:8443/", channel.Target);
        Assert.Same(channel.CreateCallInvoker(), channel.CreateCallInvoker());
    }

    [Fact]
    public async Task CompressionProviders_Empty_AdvertisesIdentityOnly()
    {
        var handler = new StubHandler((_, _) => Task.FromResult(StubHandler.GrpcResponse(GrpcFraming.Frame("ok"), t => t.TryAddWithoutValidation("grpc-status", "0"))));
        using var channel = StubHandler.Channel(handler, new GrpcChannelOptions { CompressionProviders = [] });
        await channel.CreateCallInvoker().AsyncUnaryCall(TestMethods.Unary(("a.B", "C")), null, default, "x").ResponseAsync.Bounded();
        Assert.Equal("identity", handler.LastRequest!.Headers.NonValidated["grpc-accept-encoding"].ToString());
    }

    [Fact]
    public void Dispose_UserHandlerIsKeptUnlessAskedToDispose()
    {
        var handler = new TrackingHandler();
        GrpcChannel.ForAddress("http://localhost", new GrpcChannelOptions { HttpHandler = handler }).Dispose();
        Assert.False(handler.Disposed);
        GrpcChannel.ForAddress("http://localhost", new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true }).Dispose();
        Assert.True(handler.Disposed);
    }

    private sealed class TrackingHandler : HttpMessageHandler
    {
        public bool Disposed { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }
    }
}
