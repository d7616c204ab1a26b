using System.Net;
using System.Net.Sockets;
using Faultline.Client;
using Faultline.FunctionalTests.Infrastructure;
using Faultline.FunctionalTests.Services;

namespace Faultline.FunctionalTests.ClientServer;

[Collection(SleepObservedCollection.Name)]
public class ErrorTests : ClientServerTestBase
{
    [Fact]
    public async Task ThrownGrpcException_ReachesClientWithCodeMessageAndTrailers()
    {
        using var call = Unary(TestMethods.Fail, Str("not-found"));

        var ex = await Assert.ThrowsAnyAsync<GrpcException>(() => call.ResponseAsync);

        Assert.Equal(StatusCode.NotFound, ex.StatusCode);
        Assert.Equal("No such thing: 100% gone ✓", ex.Status.Message);
        Assert.Equal("missing", ex.Trailers.GetValue("x-reason"));
        Assert.Equal(new byte[] { 0, 1, 2, 255 }, ex.Trailers.GetValueBytes("x-detail-bin"));
        Assert.Equal(ex.Status, call.GetStatus());
    }

    [Fact]
    public async Task UnhandledException_IsUnknownWithoutInternalText()
    {
        var ex = await Assert.ThrowsAnyAsync<GrpcException>(() => Unary(TestMethods.Fail, Str("boom")).ResponseAsync);

        Assert.Equal(StatusCode.Unknown, ex.StatusCode);
        Assert.DoesNotContain("secret", ex.Status.Message);
        Server.Logs.AssertNoUnexpectedErrors("UnhandledException");
    }

    [Fact]
    public async Task UnknownMethod_IsUnimplemented()
    {
        var missing = new Method<Google.Protobuf.WellKnownTypes.StringValue, Google.Protobuf.WellKnownTypes.StringValue>(
            MethodType.Unary, "no.such.Service", "Method", TestMethods.StringMarshaller, TestMethods.StringMarshaller);

        var ex = await Assert.ThrowsAnyAsync<GrpcException>(() => Unary(missing, Str("x")).ResponseAsync);

        Assert.Equal(StatusCode.Unimplemented, ex.StatusCode);
    }

    [Fact]
    public async Task Deadline_ExpiresAsDeadlineExceeded_AndServerTokenIsCancelled()
    {
        TestService.SleepObserved = new TaskCompletionSource<CancellationToken>(TaskCreationOptions.RunContinuationsAsynchronously);

        var ex = await Assert.ThrowsAnyAsync<GrpcException>(() =>
            Unary(TestMethods.Sleep, Int(30_000), new CallOptions(deadline: DateTime.UtcNow.AddMilliseconds(300))).ResponseAsync);

        Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
        var serverToken = await TestService.SleepObserved.Task.WaitAsync(TimeSpan.FromSeconds(5));
        await WaitForCancellation(serverToken);
        Server.Logs.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task Cancellation_IsCancelled_AndServerTokenIsCancelled()
    {
        TestService.SleepObserved = new TaskCompletionSource<CancellationToken>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var cts = new CancellationTokenSource();
        var call = Unary(TestMethods.Sleep, Int(30_000), new CallOptions(cancellationToken: cts.Token));
        var serverToken = await TestService.SleepObserved.Task.WaitAsync(TimeSpan.FromSeconds(5));

        cts.Cancel();

        var ex = await Assert.ThrowsAnyAsync<GrpcException>(() => call.ResponseAsync);
        Assert.Equal(StatusCode.Cancelled, ex.StatusCode);
        await WaitForCancellation(serverToken);
        Server.Logs.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task ConnectionRefused_IsUnavailable()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");

        var ex = await Assert.ThrowsAnyAsync<GrpcException>(() =>
            channel.CreateCallInvoker().AsyncUnaryCall(TestMethods.Echo, null, default, Str("x")).ResponseAsync);

        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
    }

    [Fact]
    public async Task NonGrpcHttpResponse_IsMappedFromHttpStatus()
    {
        var plain = new Method<Google.Protobuf.WellKnownTypes.StringValue, Google.Protobuf.WellKnownTypes.StringValue>(
            MethodType.Unary, "plain.Service", "Unavailable", TestMethods.StringMarshaller, TestMethods.StringMarshaller);

        var ex = await Assert.ThrowsAnyAsync<GrpcException>(() => Unary(plain, Str("x")).ResponseAsync);

        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
    }

    private static async Task WaitForCancellation(CancellationToken token)
    {
        var cancelled = new TaskCompletionSource();
        using var registration = token.Register(() => cancelled.TrySetResult());
        await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(5));
    }
}

public class SizeLimitAndCompressionTests : ClientServerTestBase
{
    protected override Action<Faultline.Server.FaultlineServerOptions>? ConfigureServer => o => o.ResponseCompressionAlgorithm = "gzip";

    protected override GrpcChannelOptions? ChannelOptions => new() { MaxReceiveMessageSize = 1024, DefaultCompression = "gzip" };

    [Fact]
    public async Task CompressedBothWays_RoundTrips()
    {
        var text = new string('z', 900);
        using var call = Unary(TestMethods.Echo, Str(text));

        Assert.Equal(text, (await call).Value);
    }

    [Fact]
    public async Task DefaultCompression_CompressesRequests()
    {
        var reply = await Unary(TestMethods.RequestEncoding, Str(new string('q', 500)));

        Assert.Equal("gzip:500", reply.Value);
    }

    [Fact]
    public async Task ResponseOverClientLimit_IsResourceExhausted()
    {
        // Incompressible-looking text so the compressed response still exceeds 1 KiB.
        var random = new Random(42);
        var text = new string(Enumerable.Range(0, 4000).Select(_ => (char)random.Next('!', '~')).ToArray());

        var ex = await Assert.ThrowsAnyAsync<GrpcException>(() => Unary(TestMethods.Echo, Str(text)).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
    }

    [Fact]
    public async Task ResponseDecompressingOverClientLimit_IsResourceExhausted()
    {
        // Compresses far below 1 KiB but expands beyond it.
        var ex = await Assert.ThrowsAnyAsync<GrpcException>(() => Unary(TestMethods.Echo, Str(new string('a', 5000))).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
    }
}

public class TlsTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync(tlsCertificate: TestCertificate.Create());

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Https_WithTrustedCertificate_RoundTrips()
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        var address = new UriBuilder(_server.Address) { Scheme = "https" }.Uri;
        using var channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });

        var reply = await channel.CreateCallInvoker().AsyncUnaryCall(TestMethods.Echo, null, default, new Google.Protobuf.WellKnownTypes.StringValue { Value = "secure" });

        Assert.Equal("secure", reply.Value);
    }

    [Fact]
    public async Task Https_WithUntrustedCertificate_IsUnavailable()
    {
        var address = new UriBuilder(_server.Address) { Scheme = "https" }.Uri;
        using var channel = GrpcChannel.ForAddress(address);

        var ex = await Assert.ThrowsAnyAsync<GrpcException>(() =>
            channel.CreateCallInvoker().AsyncUnaryCall(TestMethods.Echo, null, default, new Google.Protobuf.WellKnownTypes.StringValue { Value = "x" }).ResponseAsync);

        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
    }
}
