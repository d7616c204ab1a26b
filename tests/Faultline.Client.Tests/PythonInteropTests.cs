using System.Text;
using Faultline.Client.Tests.Infrastructure;

namespace Faultline.Client.Tests;

/// <summary>Every call kind against grpcio's C-core server: the reference implementation as the peer.</summary>
[Trait("Category", "Interop")]
public sealed class PythonInteropTests(PythonGrpcServer server) : IClassFixture<PythonGrpcServer>
{
    private const string Service = "interop.Test";

    private CallInvoker Invoker => server.Channel.CreateCallInvoker();

    [Fact]
    public async Task Unary_EchoWithHeadersAndTrailers()
    {
        using var call = Invoker.AsyncUnaryCall(TestMethods.Unary((Service, "Echo")), null, default, "hello");
        Assert.Equal("hello", await call.ResponseAsync.Bounded());
        var headers = await call.ResponseHeadersAsync;
        Assert.Equal("v", headers.GetValue("x-init"));
        Assert.Equal(new byte[] { 0, 255 }, headers.GetValueBytes("x-init-bin"));
        Assert.Equal(StatusCode.OK, call.GetStatus().Code);
        Assert.Equal("t", call.GetTrailers().GetValue("x-trail"));
        Assert.Equal(new byte[] { 1, 2, 3 }, call.GetTrailers().GetValueBytes("x-trail-bin"));
    }

    [Fact]
    public async Task Unary_ServerSeesMetadataAndDeadline()
    {
        var metadata = new Metadata { { "x-text", "abc" }, { "x-data-bin", new byte[] { 0xde, 0xad } } };
        var options = new CallOptions(metadata, deadline: DateTime.UtcNow.AddSeconds(30));
        var seen = await Invoker.AsyncUnaryCall(TestMethods.Unary((Service, "Metadata")), null, options, "").ResponseAsync.Bounded();
        Assert.Contains("x-text=abc", seen);
        Assert.Contains("x-data-bin=hex:dead", seen);
        Assert.Contains("user-agent=", seen);
        Assert.Contains("deadline=set", seen);
    }

    [Fact]
    public async Task Unary_AbortWithTrailers_GrpcExceptionWithDecodedMessageAndDetails()
    {
        using var call = Invoker.AsyncUnaryCall(TestMethods.Unary((Service, "Fail")), null, default, "x");
        var ex = await Assert.ThrowsAnyAsync<GrpcException>(() => call.ResponseAsync.Bounded());
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Equal("bad thing: \u00fcn\u00efcode 100%", ex.Status.Message);
        Assert.Equal("because", ex.Trailers.GetValue("x-reason"));
        Assert.Equal(new byte[] { 8, 3 }, ex.Trailers.GetValueBytes("grpc-status-details-bin"));
        Assert.Equal(ex.Status, call.GetStatus());
    }

    [Fact]
    public async Task Unary_UnknownMethod_IsUnimplemented()
    {
        var ex = await Assert.ThrowsAnyAsync<GrpcException>(() => Invoker.AsyncUnaryCall(TestMethods.Unary((Service, "Nope")), null, default, "x").ResponseAsync.Bounded());
        Assert.Equal(StatusCode.Unimplemented, ex.StatusCode);
    }

    [Fact]
    public async Task Unary_Deadline_IsDeadlineExceeded()
    {
        using var call = Invoker.AsyncUnaryCall(TestMethods.Unary((Service, "Sleep")), null, new CallOptions(deadline: DateTime.UtcNow.AddMilliseconds(200)), "x");
        var ex = await Assert.ThrowsAnyAsync<GrpcException>(() => call.ResponseAsync.Bounded());
        Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
    }

    [Fact]
    public async Task Unary_Cancellation_IsCancelled()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        using var call = Invoker.AsyncUnaryCall(TestMethods.Unary((Service, "Sleep")), null, new CallOptions(cancellationToken: cts.Token), "x");
        var ex = await Assert.ThrowsAnyAsync<GrpcException>(() => call.ResponseAsync.Bounded());
        Assert.Equal(StatusCode.Cancelled, ex.StatusCode);
    }

    [Fact]
    public async Task Unary_LargeResponseOverLimit_IsResourceExhaustedAndUnderLimitWorks()
    {
        var method = TestMethods.Unary((Service, "Big"));
        var ok = await Invoker.AsyncUnaryCall(method, null, default, "3000000").ResponseAsync.Bounded();
        Assert.Equal(3_000_000, ok.Length);
        var ex = await Assert.ThrowsAnyAsync<GrpcException>(() => Invoker.AsyncUnaryCall(method, null, default, (5 * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture)).ResponseAsync.Bounded());
        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
    }

    [Fact]
    public async Task Unary_GzipBothWays()
    {
        var text = new string('z', 10_000);
        var reply = await Invoker.AsyncUnaryCall(TestMethods.Unary((Service, "Compressed")), null, new CallOptions(compression: "gzip"), text).ResponseAsync.Bounded();
        Assert.Equal("gz:" + text, reply);
        var deflated = await Invoker.AsyncUnaryCall(TestMethods.Unary((Service, "Echo")), null, new CallOptions(compression: "deflate"), text).ResponseAsync.Bounded();
        Assert.Equal(text, deflated);
    }

    [Fact]
    public async Task ServerStreaming_ReadsAll()
    {
        using var call = Invoker.AsyncServerStreamingCall(TestMethods.ServerStreaming((Service, "Count")), null, default, "50");
        var received = new StringBuilder();
        var n = 0;
        while (await call.ResponseStream.MoveNext(CancellationToken.None).Bounded())
        {
            Assert.Equal(n++.ToString(System.Globalization.CultureInfo.InvariantCulture), call.ResponseStream.Current);
        }

        Assert.Equal(50, n);
        Assert.Equal(StatusCode.OK, call.GetStatus().Code);
    }

    [Fact]
    public async Task ServerStreaming_ErrorAfterMessages()
    {
        using var call = Invoker.AsyncServerStreamingCall(TestMethods.ServerStreaming((Service, "CountThenFail")), null, default, "x");
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).Bounded());
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).Bounded());
        var ex = await Assert.ThrowsAnyAsync<GrpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None).Bounded());
        Assert.Equal(new Status(StatusCode.DataLoss, "lost the rest"), ex.Status);
    }

    [Fact]
    public async Task ClientStreaming_Joins()
    {
        using var call = Invoker.AsyncClientStreamingCall(TestMethods.ClientStreaming((Service, "Join")), null, default);
        foreach (var part in new[] { "a", "b", "c" })
        {
            await call.RequestStream.WriteAsync(part).Bounded();
        }

        await call.RequestStream.CompleteAsync().Bounded();
        Assert.Equal("a,b,c", await call.ResponseAsync.Bounded());
    }

    [Fact]
    public async Task ClientStreaming_NoMessages()
    {
        using var call = Invoker.AsyncClientStreamingCall(TestMethods.ClientStreaming((Service, "Join")), null, default);
        await call.RequestStream.CompleteAsync().Bounded();
        Assert.Equal(string.Empty, await call.ResponseAsync.Bounded());
    }

    [Fact]
    public async Task Duplex_Chat()
    {
        using var call = Invoker.AsyncDuplexStreamingCall(TestMethods.Duplex((Service, "Chat")), null, default);
        for (var i = 0; i < 20; i++)
        {
            await call.RequestStream.WriteAsync("m" + i).Bounded();
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).Bounded());
            Assert.Equal("echo:m" + i, call.ResponseStream.Current);
        }

        await call.RequestStream.CompleteAsync().Bounded();
        Assert.False(await call.ResponseStream.MoveNext(CancellationToken.None).Bounded());
        Assert.Equal(StatusCode.OK, call.GetStatus().Code);
    }

    [Fact]
    public async Task Duplex_DisposeMidCall_ServerKeepsServing()
    {
        var call = Invoker.AsyncDuplexStreamingCall(TestMethods.Duplex((Service, "Chat")), null, default);
        await call.RequestStream.WriteAsync("one").Bounded();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).Bounded());
        call.Dispose();
        Assert.Equal(StatusCode.Cancelled, call.GetStatus().Code);

        Assert.Equal("still here", await Invoker.AsyncUnaryCall(TestMethods.Unary((Service, "Echo")), null, default, "still here").ResponseAsync.Bounded());
    }

    [Fact]
    public async Task ManyConcurrentCallsOfEveryKind()
    {
        var tasks = new List<Task>();
        for (var i = 0; i < 20; i++)
        {
            var text = "c" + i;
            tasks.Add(Task.Run(async () => Assert.Equal(text, await Invoker.AsyncUnaryCall(TestMethods.Unary((Service, "Echo")), null, default, text).ResponseAsync)));
            tasks.Add(Task.Run(async () =>
            {
                using var call = Invoker.AsyncDuplexStreamingCall(TestMethods.Duplex((Service, "Chat")), null, default);
                await call.RequestStream.WriteAsync(text);
                await call.RequestStream.CompleteAsync();
                Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
                Assert.Equal("echo:" + text, call.ResponseStream.Current);
                Assert.False(await call.ResponseStream.MoveNext(CancellationToken.None));
            }));
        }

        await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(20));
    }
}
