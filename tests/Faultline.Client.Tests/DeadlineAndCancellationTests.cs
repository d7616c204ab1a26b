using Faultline.Client.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace Faultline.Client.Tests;

public sealed class DeadlineAndCancellationTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private CallInvoker Invoker => fixture.Channel.CreateCallInvoker();

    /// <summary>A handler that never answers until the client goes away, and reports that it saw it go.</summary>
    private (string, string) MapHanging(TaskCompletionSource<string?> timeoutHeader, TaskCompletionSource aborted) => fixture.Server.Map(async context =>
    {
        timeoutHeader.TrySetResult(context.Request.Headers["grpc-timeout"].ToString());
        try
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            aborted.TrySetResult();
        }
    });

    [Fact]
    public async Task UnaryCall_DeadlineExpires_DeadlineExceededAndServerSawTimeoutAndAbort()
    {
        var header = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var name = MapHanging(header, aborted);

        using var call = Invoker.AsyncUnaryCall(TestMethods.Unary(name), null, new CallOptions(deadline: DateTime.UtcNow.AddMilliseconds(300)), "x");
        var ex = await Assert.ThrowsAnyAsync<GrpcException>(() => call.ResponseAsync.Bounded());
        Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
        Assert.Equal(StatusCode.DeadlineExceeded, call.GetStatus().Code);

        var timeout = await header.Task.Bounded();
        Assert.Matches("^[0-9]{1,8}[HMSmun]$", timeout);
        await aborted.Task.Bounded();
    }

    [Fact]
    public async Task UnaryCall_LocalDeadline_IsConvertedToUtc()
    {
        var header = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var name = MapHanging(header, aborted);

        using var call = Invoker.AsyncUnaryCall(TestMethods.Unary(name), null, new CallOptions(deadline: DateTime.Now.AddSeconds(30)), "x");
        var timeout = await header.Task.Bounded();
        // About 30 seconds, whatever the machine's time zone.
        Assert.True(timeout!.EndsWith('u') || timeout.EndsWith('m'), timeout);
        call.Dispose();
        await aborted.Task.Bounded();
        Assert.Equal(StatusCode.Cancelled, call.GetStatus().Code);
    }

    [Fact]
    public async Task UnaryCall_DeadlineInThePast_FailsAtOnceWithoutSending()
    {
        var hits = 0;
        var name = fixture.Server.Map(context =>
        {
            Interlocked.Increment(ref hits);
            return Task.CompletedTask;
        });

        using var call = Invoker.AsyncUnaryCall(TestMethods.Unary(name), null, new CallOptions(deadline: DateTime.UtcNow.AddSeconds(-1)), "x");
        Assert.True(call.ResponseAsync.IsFaulted);
        Assert.Equal(StatusCode.DeadlineExceeded, call.GetStatus().Code);
        var ex = await Assert.ThrowsAnyAsync<GrpcException>(() => call.ResponseHeadersAsync);
        Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
        Assert.Equal(0, hits);
    }

    [Fact]
    public async Task UnaryCall_MaxValueDeadline_MeansNoDeadline()
    {
        IHeaderDictionary? seen = null;
        var name = fixture.Server.Map(async context =>
        {
            seen = context.Request.Headers;
            await GrpcFraming.StartAsync(context.Response);
            await GrpcFraming.WriteAsync(context.Response, "ok");
            GrpcFraming.Trailers(context.Response, 0);
        });

        Assert.Equal("ok", await Invoker.AsyncUnaryCall(TestMethods.Unary(name), null, new CallOptions(deadline: DateTime.MaxValue), "x").ResponseAsync.Bounded());
        Assert.False(seen!.ContainsKey("grpc-timeout"));
    }

    [Fact]
    public async Task ServerStreaming_DeadlineDuringRead_MoveNextThrowsDeadlineExceeded()
    {
        var name = fixture.Server.Map(async context =>
        {
            await GrpcFraming.StartAsync(context.Response);
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        });

        using var call = Invoker.AsyncServerStreamingCall(TestMethods.ServerStreaming(name), null, new CallOptions(deadline: DateTime.UtcNow.AddMilliseconds(300)), "x");
        await call.ResponseHeadersAsync.Bounded();
        var ex = await Assert.ThrowsAnyAsync<GrpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None).Bounded());
        Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
    }

    [Fact]
    public async Task UnaryCall_TokenCancelled_IsCancelledAndServerSeesAbort()
    {
        var header = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var name = MapHanging(header, aborted);

        using var cts = new CancellationTokenSource();
        using var call = Invoker.AsyncUnaryCall(TestMethods.Unary(name), null, new CallOptions(cancellationToken: cts.Token), "x");
        await header.Task.Bounded();
        cts.Cancel();
        var ex = await Assert.ThrowsAnyAsync<GrpcException>(() => call.ResponseAsync.Bounded());
        Assert.Equal(StatusCode.Cancelled, ex.StatusCode);
        Assert.Equal(StatusCode.Cancelled, call.GetStatus().Code);
        await aborted.Task.Bounded();
    }

    [Fact]
    public async Task UnaryCall_TokenAlreadyCancelled_FailsWithoutSending()
    {
        var hits = 0;
        var name = fixture.Server.Map(context =>
        {
            Interlocked.Increment(ref hits);
            return Task.CompletedTask;
        });

        using var call = Invoker.AsyncUnaryCall(TestMethods.Unary(name), null, new CallOptions(cancellationToken: new CancellationToken(true)), "x");
        var ex = await Assert.ThrowsAnyAsync<GrpcException>(() => call.ResponseAsync);
        Assert.Equal(StatusCode.Cancelled, ex.StatusCode);
        Assert.Equal(0, hits);
    }

    [Fact]
    public async Task ThrowOperationCanceledOnCancellation_TokenAndDeadlineThrowOce_StatusStillSet()
    {
        var header = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var name = MapHanging(header, aborted);
        using var channel = GrpcChannel.ForAddress(fixture.Server.Address, new GrpcChannelOptions { ThrowOperationCanceledOnCancellation = true });

        using var cts = new CancellationTokenSource();
        using var call = channel.CreateCallInvoker().AsyncUnaryCall(TestMethods.Unary(name), null, new CallOptions(cancellationToken: cts.Token), "x");
        await header.Task.Bounded();
        cts.Cancel();
        var oce = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.ResponseAsync.Bounded());
        Assert.Equal(cts.Token, oce.CancellationToken);
        Assert.Equal(StatusCode.Cancelled, call.GetStatus().Code);

        using var timed = channel.CreateCallInvoker().AsyncUnaryCall(TestMethods.Unary(name), null, new CallOptions(deadline: DateTime.UtcNow.AddMilliseconds(100)), "x");
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => timed.ResponseAsync.Bounded());
        Assert.Equal(StatusCode.DeadlineExceeded, timed.GetStatus().Code);
    }

    [Fact]
    public async Task ServerStreaming_MoveNextTokenCancelled_CancelsTheCall()
    {
        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var name = fixture.Server.Map(async context =>
        {
            await GrpcFraming.StartAsync(context.Response);
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                aborted.TrySetResult();
            }
        });

        using var call = Invoker.AsyncServerStreamingCall(TestMethods.ServerStreaming(name), null, default, "x");
        await call.ResponseHeadersAsync.Bounded();
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        var ex = await Assert.ThrowsAnyAsync<GrpcException>(() => call.ResponseStream.MoveNext(cts.Token).Bounded());
        Assert.Equal(StatusCode.Cancelled, ex.StatusCode);
        await aborted.Task.Bounded();
    }

    [Fact]
    public async Task Dispose_RunningDuplexCall_CancelsItAndServerSeesAbort()
    {
        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var name = fixture.Server.Map(async context =>
        {
            await GrpcFraming.StartAsync(context.Response);
            try
            {
                while (await GrpcFraming.ReadTextAsync(context.Request, context.RequestAborted) is not null)
                {
                }

                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (Exception)
            {
                aborted.TrySetResult();
            }
        });

        var call = Invoker.AsyncDuplexStreamingCall(TestMethods.Duplex(name), null, default);
        await call.RequestStream.WriteAsync("a").Bounded();
        var pendingRead = call.ResponseStream.MoveNext(CancellationToken.None);
        call.Dispose();
        var ex = await Assert.ThrowsAnyAsync<GrpcException>(() => pendingRead.Bounded());
        Assert.Equal(StatusCode.Cancelled, ex.StatusCode);
        Assert.Equal(StatusCode.Cancelled, call.GetStatus().Code);
        await aborted.Task.Bounded();
        var write = await Assert.ThrowsAnyAsync<GrpcException>(() => call.RequestStream.WriteAsync("b"));
        Assert.Equal(StatusCode.Cancelled, write.StatusCode);
    }

    [Fact]
    public async Task ClientStreaming_WriteTokenCancelled_CancelsTheCall()
    {
        var name = fixture.Server.Map(async context =>
        {
            await GrpcFraming.StartAsync(context.Response);
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        });

        using var call = Invoker.AsyncClientStreamingCall(TestMethods.ClientStreaming(name), null, default);
        await call.ResponseHeadersAsync.Bounded();
        var ex = await Assert.ThrowsAnyAsync<GrpcException>(() => call.RequestStream.WriteAsync("a", new CancellationToken(true)).Bounded());
        Assert.Equal(StatusCode.Cancelled, ex.StatusCode);
        var response = await Assert.ThrowsAnyAsync<GrpcException>(() => call.ResponseAsync.Bounded());
        Assert.Equal(StatusCode.Cancelled, response.StatusCode);
    }
}
