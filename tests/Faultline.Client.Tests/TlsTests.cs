using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Faultline.Client.Tests.Infrastructure;

namespace Faultline.Client.Tests;

/// <summary>https:// channels: HTTP/2 negotiated with ALPN over TLS, against a self-signed test certificate.</summary>
public sealed class TlsTests : IAsyncLifetime
{
    private RawGrpcServer _server = null!;

    public async Task InitializeAsync() => _server = await RawGrpcServer.StartAsync(CreateCertificate());

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task UnaryAndDuplex_OverTls_WithAcceptingHandler()
    {
        var unary = _server.Map(async context =>
        {
            var request = await GrpcFraming.ReadTextAsync(context.Request);
            await GrpcFraming.StartAsync(context.Response);
            await GrpcFraming.WriteAsync(context.Response, context.Request.Protocol + " " + context.Request.Scheme + " " + request);
            GrpcFraming.Trailers(context.Response, 0);
        });
        var duplex = _server.Map(async context =>
        {
            await GrpcFraming.StartAsync(context.Response);
            while (await GrpcFraming.ReadTextAsync(context.Request) is { } message)
            {
                await GrpcFraming.WriteAsync(context.Response, message + "!");
            }

            GrpcFraming.Trailers(context.Response, 0);
        });

        var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
        };
        using var channel = GrpcChannel.ForAddress(_server.Address, new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });
        var invoker = channel.CreateCallInvoker();

        Assert.Equal("HTTP/2 https hi", await invoker.AsyncUnaryCall(TestMethods.Unary(unary), null, default, "hi").ResponseAsync.Bounded());

        using var call = invoker.AsyncDuplexStreamingCall(TestMethods.Duplex(duplex), null, default);
        await call.RequestStream.WriteAsync("a").Bounded();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).Bounded());
        Assert.Equal("a!", call.ResponseStream.Current);
        await call.RequestStream.CompleteAsync().Bounded();
        Assert.False(await call.ResponseStream.MoveNext(CancellationToken.None).Bounded());
    }

    [Fact]
    public async Task UnaryCall_UntrustedCertificateWithDefaultHandler_IsUnavailable()
    {
        var name = _server.Map(_ => Task.CompletedTask);
        using var channel = GrpcChannel.ForAddress(_server.Address);
        var ex = await Assert.ThrowsAnyAsync<GrpcException>(() => channel.CreateCallInvoker().AsyncUnaryCall(TestMethods.Unary(name), null, default, "x").ResponseAsync.Bounded());
        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), password: null);
    }
}
