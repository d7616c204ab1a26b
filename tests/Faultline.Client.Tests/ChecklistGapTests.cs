using System.Net;
using System.Net.Http;
using Faultline.Client.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace Faultline.Client.Tests;

/// <summary>
/// Tests added by the protocol audit (docs/protocol.md) for PROTOCOL-NOTES.md P0 items of the
/// client that had no test of their own.
/// </summary>
public sealed class ChecklistGapTests
{
    private static readonly Method<string, string> Unary = TestMethods.Unary(("pkg.Svc", "Do"));

    /// <summary>
    /// A handler standing in for a server whose RST_STREAM(CANCEL) arrives right at the deadline,
    /// before the client's own deadline timer fires: it waits until the deadline has passed and
    /// fails the request with the HTTP/2 CANCEL error code at once.
    /// </summary>
    private static StubHandler ResetWithCancelAtDeadline(Func<DateTime> deadline) => new((_, _) =>
    {
        var until = deadline();
        while (DateTime.UtcNow < until)
        {
            Thread.SpinWait(100);
        }

        return Task.FromException<HttpResponseMessage>(new HttpProtocolException(0x8, "The HTTP/2 server reset the stream. HTTP/2 error code 'CANCEL' (0x8).", null));
    });

    // Item 15: a CANCELLED that arrives once the call's deadline has passed is reported as DEADLINE_EXCEEDED.
    [Fact]
    public async Task Item15_ServerResetWithCancelAfterDeadline_IsDeadlineExceeded()
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var deadline = DateTime.UtcNow.AddMilliseconds(150);
            using var channel = StubHandler.Channel(ResetWithCancelAtDeadline(() => deadline));
            using var call = channel.CreateCallInvoker().AsyncUnaryCall(Unary, null, new CallOptions(deadline: deadline), "x");

            var ex = await Assert.ThrowsAnyAsync<GrpcException>(() => call.ResponseAsync.Bounded());
            Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
            Assert.Equal(StatusCode.DeadlineExceeded, call.GetStatus().Code);
        }
    }

    // Item 15, control: the same CANCEL before the deadline stays CANCELLED.
    [Fact]
    public async Task Item15_ServerResetWithCancelBeforeDeadline_StaysCancelled()
    {
        var deadline = DateTime.UtcNow.AddMinutes(5);
        using var channel = StubHandler.Channel(ResetWithCancelAtDeadline(() => DateTime.UtcNow));
        using var call = channel.CreateCallInvoker().AsyncUnaryCall(Unary, null, new CallOptions(deadline: deadline), "x");

        var ex = await Assert.ThrowsAnyAsync<GrpcException>(() => call.ResponseAsync.Bounded());
        Assert.Equal(StatusCode.Cancelled, ex.StatusCode);
    }

    // Item 15: a Trailers-Only CANCELLED status read after the deadline is DEADLINE_EXCEEDED too.
    [Fact]
    public async Task Item15_CancelledStatusAfterDeadline_IsDeadlineExceeded()
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(150);
        var handler = new StubHandler((_, _) =>
        {
            while (DateTime.UtcNow < deadline)
            {
                Thread.SpinWait(100);
            }

            var response = StubHandler.GrpcResponse([]);
            response.Headers.TryAddWithoutValidation("grpc-status", "1");
            return Task.FromResult(response);
        });
        using var channel = StubHandler.Channel(handler);
        using var call = channel.CreateCallInvoker().AsyncUnaryCall(Unary, null, new CallOptions(deadline: deadline), "x");

        var ex = await Assert.ThrowsAnyAsync<GrpcException>(() => call.ResponseAsync.Bounded());
        Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
    }

    // Settings note: SocketsHttpHandler.MaxResponseHeadersLength (default 64 KiB) also bounds the
    // trailers. A trailer block above it fails the call instead of delivering the status.
    [Fact]
    public async Task Settings_MaxResponseHeadersLength_AlsoBoundsTrailers()
    {
        await using var server = await RawGrpcServer.StartAsync();
        var name = server.Map(async context =>
        {
            await GrpcFraming.StartAsync(context.Response);
            await GrpcFraming.WriteAsync(context.Response, "hello");
            context.Response.AppendTrailer("x-big", new string('y', 100 * 1024));
            GrpcFraming.Trailers(context.Response, 0);
        });

        using (var channel = GrpcChannel.ForAddress(server.Address))
        {
            using var call = channel.CreateCallInvoker().AsyncUnaryCall(TestMethods.Unary(name), null, default, "x");
            var ex = await Assert.ThrowsAnyAsync<GrpcException>(() => call.ResponseAsync.Bounded());
            Assert.NotEqual(StatusCode.OK, ex.StatusCode);
        }

        var handler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true, MaxResponseHeadersLength = 256 };
        using (var channel = GrpcChannel.ForAddress(server.Address, new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true }))
        {
            using var call = channel.CreateCallInvoker().AsyncUnaryCall(TestMethods.Unary(name), null, default, "x");
            Assert.Equal("hello", await call.ResponseAsync.Bounded());
            Assert.Equal(100 * 1024, call.GetTrailers().GetValue("x-big")!.Length);
        }
    }

    // Item 28: the connection dropping under a running call (Kestrel aborts the connection: GOAWAY,
    // then close) ends the call with UNAVAILABLE, not an "unexpected exception" status.
    [Fact]
    public async Task Item28_ConnectionAbortedMidCall_IsUnavailable()
    {
        await using var server = await RawGrpcServer.StartAsync();
        var name = server.Map(async context =>
        {
            await GrpcFraming.StartAsync(context.Response);
            await GrpcFraming.WriteAsync(context.Response, "one");
            var connection = context.Features.Get<Microsoft.AspNetCore.Connections.Features.IConnectionLifetimeFeature>();
            Assert.NotNull(connection);
            connection!.Abort();
        });

        using var channel = GrpcChannel.ForAddress(server.Address);
        using var call = channel.CreateCallInvoker().AsyncServerStreamingCall(TestMethods.ServerStreaming(name), null, default, "x");
        var ex = await Assert.ThrowsAnyAsync<GrpcException>(async () =>
        {
            while (await call.ResponseStream.MoveNext(CancellationToken.None).Bounded())
            {
            }
        });
        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
    }
}
