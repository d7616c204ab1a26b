using Faultline.Client.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace Faultline.Client.Tests;

public sealed class StreamingCallTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private CallInvoker Invoker => fixture.Channel.CreateCallInvoker();

    [Fact]
    public async Task ServerStreaming_ReadsAllMessagesThenOkStatusAndTrailers()
    {
        var name = fixture.Server.Map(async context =>
        {
            var request = await GrpcFraming.ReadTextAsync(context.Request);
            context.Response.Headers["x-h"] = "1";
            await GrpcFraming.StartAsync(context.Response);
            for (var i = 0; i < 3; i++)
            {
                await GrpcFraming.WriteAsync(context.Response, request + i);
            }

            context.Response.AppendTrailer("x-t", "2");
            GrpcFraming.Trailers(context.Response, 0);
        });

        using var call = Invoker.AsyncServerStreamingCall(TestMethods.ServerStreaming(name), null, default, "m");
        Assert.Equal("1", (await call.ResponseHeadersAsync.Bounded()).GetValue("x-h"));
        var received = new List<string>();
        while (await call.ResponseStream.MoveNext(CancellationToken.None).Bounded())
        {
            received.Add(call.ResponseStream.Current);
        }

        Assert.Equal(["m0", "m1", "m2"], received);
        Assert.Equal(StatusCode.OK, call.GetStatus().Code);
        Assert.Equal("2", call.GetTrailers().GetValue("x-t"));
        Assert.False(await call.ResponseStream.MoveNext(CancellationToken.None));
    }

    [Fact]
    public async Task ServerStreaming_ErrorAfterMessages_MoveNextThrowsAfterTheMessages()
    {
        var name = fixture.Server.Map(async context =>
        {
            await GrpcFraming.ReadTextAsync(context.Request);
            await GrpcFraming.StartAsync(context.Response);
            await GrpcFraming.WriteAsync(context.Response, "a");
            GrpcFraming.Trailers(context.Response, 10, "aborted");
        });

        using var call = Invoker.AsyncServerStreamingCall(TestMethods.ServerStreaming(name), null, default, "m");
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).Bounded());
        Assert.Equal("a", call.ResponseStream.Current);
        var ex = await Assert.ThrowsAnyAsync<GrpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None).Bounded());
        Assert.Equal(new Status(StatusCode.Aborted, "aborted"), ex.Status);
        Assert.Equal(StatusCode.Aborted, call.GetStatus().Code);
        await Assert.ThrowsAnyAsync<GrpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));
    }

    [Fact]
    public async Task ServerStreaming_TrailersOnlyOk_EndsWithoutMessages()
    {
        var name = fixture.Server.Map(context =>
        {
            context.Response.ContentType = "application/grpc";
            context.Response.Headers["grpc-status"] = "0";
            return Task.CompletedTask;
        });

        using var call = Invoker.AsyncServerStreamingCall(TestMethods.ServerStreaming(name), null, default, "m");
        Assert.False(await call.ResponseStream.MoveNext(CancellationToken.None).Bounded());
        Assert.Equal(StatusCode.OK, call.GetStatus().Code);
    }

    [Fact]
    public async Task ServerStreaming_ConcurrentMoveNext_ThrowsInvalidOperation()
    {
        var release = new TaskCompletionSource();
        var name = fixture.Server.Map(async context =>
        {
            await GrpcFraming.StartAsync(context.Response);
            await release.Task;
            GrpcFraming.Trailers(context.Response, 0);
        });

        using var call = Invoker.AsyncServerStreamingCall(TestMethods.ServerStreaming(name), null, default, "m");
        var first = call.ResponseStream.MoveNext(CancellationToken.None);
        await Assert.ThrowsAsync<InvalidOperationException>(() => call.ResponseStream.MoveNext(CancellationToken.None));
        release.SetResult();
        Assert.False(await first.Bounded());
    }

    [Fact]
    public async Task ClientStreaming_HeadersAreSentBeforeTheFirstMessage()
    {
        var name = fixture.Server.Map(async context =>
        {
            // Answer the headers first: this only works if the client sent its headers without a message.
            context.Response.Headers["x-ready"] = "yes";
            await GrpcFraming.StartAsync(context.Response);
            var count = 0;
            while (await GrpcFraming.ReadTextAsync(context.Request) is not null)
            {
                count++;
            }

            await GrpcFraming.WriteAsync(context.Response, count.ToString(System.Globalization.CultureInfo.InvariantCulture));
            GrpcFraming.Trailers(context.Response, 0);
        });

        using var call = Invoker.AsyncClientStreamingCall(TestMethods.ClientStreaming(name), null, default);
        Assert.Equal("yes", (await call.ResponseHeadersAsync.Bounded()).GetValue("x-ready"));
        for (var i = 0; i < 5; i++)
        {
            await call.RequestStream.WriteAsync("m" + i).Bounded();
        }

        await call.RequestStream.CompleteAsync().Bounded();
        Assert.Equal("5", await call.ResponseAsync.Bounded());
        Assert.Equal(StatusCode.OK, call.GetStatus().Code);
    }

    [Fact]
    public async Task ClientStreaming_CompleteWithoutMessages_SendsEndOfStream()
    {
        var name = fixture.Server.Map(async context =>
        {
            var first = await GrpcFraming.ReadTextAsync(context.Request);
            await GrpcFraming.StartAsync(context.Response);
            await GrpcFraming.WriteAsync(context.Response, first ?? "<none>");
            GrpcFraming.Trailers(context.Response, 0);
        });

        using var call = Invoker.AsyncClientStreamingCall(TestMethods.ClientStreaming(name), null, default);
        await call.RequestStream.CompleteAsync().Bounded();
        await call.RequestStream.CompleteAsync().Bounded();
        Assert.Equal("<none>", await call.ResponseAsync.Bounded());
    }

    [Fact]
    public async Task ClientStreaming_WriteAfterComplete_ThrowsInvalidOperation()
    {
        var name = fixture.Server.Map(async context =>
        {
            while (await GrpcFraming.ReadTextAsync(context.Request) is not null)
            {
            }

            await GrpcFraming.StartAsync(context.Response);
            await GrpcFraming.WriteAsync(context.Response, "done");
            GrpcFraming.Trailers(context.Response, 0);
        });

        using var call = Invoker.AsyncClientStreamingCall(TestMethods.ClientStreaming(name), null, default);
        await call.RequestStream.WriteAsync("a").Bounded();
        await call.RequestStream.CompleteAsync().Bounded();
        await Assert.ThrowsAsync<InvalidOperationException>(() => call.RequestStream.WriteAsync("b"));
        Assert.Equal("done", await call.ResponseAsync.Bounded());
    }

    [Fact]
    public async Task ClientStreaming_ConcurrentWrite_ThrowsInvalidOperation()
    {
        var startReading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var name = fixture.Server.Map(async context =>
        {
            await startReading.Task;
            while (await GrpcFraming.ReadTextAsync(context.Request) is not null)
            {
            }

            await GrpcFraming.StartAsync(context.Response);
            await GrpcFraming.WriteAsync(context.Response, "done");
            GrpcFraming.Trailers(context.Response, 0);
        });

        using var call = Invoker.AsyncClientStreamingCall(TestMethods.ClientStreaming(name), null, default);
        // The server reads nothing yet, so a message far larger than the HTTP/2 flow-control windows stays pending.
        var first = call.RequestStream.WriteAsync(new string('a', 4 * 1024 * 1024));
        Assert.False(first.IsCompleted);
        await Assert.ThrowsAsync<InvalidOperationException>(() => call.RequestStream.WriteAsync("b"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => call.RequestStream.CompleteAsync());
        startReading.SetResult();
        await first.Bounded();
        await call.RequestStream.CompleteAsync().Bounded();
        Assert.Equal("done", await call.ResponseAsync.Bounded());
    }

    [Fact]
    public async Task ClientStreaming_WriteAfterServerFailedTheCall_ThrowsTheCallStatus()
    {
        var name = fixture.Server.Map(context =>
        {
            context.Response.ContentType = "application/grpc";
            context.Response.Headers["grpc-status"] = "16";
            context.Response.Headers["grpc-message"] = "who are you";
            return Task.CompletedTask;
        });

        using var call = Invoker.AsyncClientStreamingCall(TestMethods.ClientStreaming(name), null, default);
        var failure = await Assert.ThrowsAnyAsync<GrpcException>(() => call.ResponseAsync.Bounded());
        Assert.Equal(StatusCode.Unauthenticated, failure.StatusCode);
        var ex = await Assert.ThrowsAnyAsync<GrpcException>(() => call.RequestStream.WriteAsync("late").Bounded());
        Assert.Equal(new Status(StatusCode.Unauthenticated, "who are you"), ex.Status);
        await call.RequestStream.CompleteAsync().Bounded();
    }

    [Fact]
    public async Task ClientStreaming_ServerFailsWhileClientWrites_WriteSurfacesCallStatus()
    {
        var name = fixture.Server.Map(async context =>
        {
            await GrpcFraming.ReadTextAsync(context.Request);
            await GrpcFraming.StartAsync(context.Response);
            GrpcFraming.Trailers(context.Response, 8, "enough");
        });

        using var call = Invoker.AsyncClientStreamingCall(TestMethods.ClientStreaming(name), null, default);
        var payload = new string('x', 64 * 1024);
        var ex = await Assert.ThrowsAnyAsync<GrpcException>(async () =>
        {
            for (var i = 0; i < 1000; i++)
            {
                await call.RequestStream.WriteAsync(payload).Bounded();
            }
        });
        Assert.Equal(new Status(StatusCode.ResourceExhausted, "enough"), ex.Status);
        Assert.Equal(StatusCode.ResourceExhausted, call.GetStatus().Code);
    }

    [Fact]
    public async Task Duplex_PingPong()
    {
        var name = fixture.Server.Map(async context =>
        {
            await GrpcFraming.StartAsync(context.Response);
            while (await GrpcFraming.ReadTextAsync(context.Request) is { } message)
            {
                await GrpcFraming.WriteAsync(context.Response, "echo:" + message);
            }

            context.Response.AppendTrailer("x-end", "bye");
            GrpcFraming.Trailers(context.Response, 0);
        });

        using var call = Invoker.AsyncDuplexStreamingCall(TestMethods.Duplex(name), null, default);
        for (var i = 0; i < 5; i++)
        {
            await call.RequestStream.WriteAsync("p" + i).Bounded();
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).Bounded());
            Assert.Equal("echo:p" + i, call.ResponseStream.Current);
        }

        await call.RequestStream.CompleteAsync().Bounded();
        Assert.False(await call.ResponseStream.MoveNext(CancellationToken.None).Bounded());
        Assert.Equal(StatusCode.OK, call.GetStatus().Code);
        Assert.Equal("bye", call.GetTrailers().GetValue("x-end"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => call.RequestStream.WriteAsync("late"));
    }

    [Fact]
    public async Task Duplex_ServerEndsFirst_WriteAfterOkEndThrowsInvalidOperation()
    {
        var name = fixture.Server.Map(async context =>
        {
            await GrpcFraming.StartAsync(context.Response);
            await GrpcFraming.WriteAsync(context.Response, "only");
            GrpcFraming.Trailers(context.Response, 0);
        });

        using var call = Invoker.AsyncDuplexStreamingCall(TestMethods.Duplex(name), null, default);
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).Bounded());
        Assert.False(await call.ResponseStream.MoveNext(CancellationToken.None).Bounded());
        await Assert.ThrowsAsync<InvalidOperationException>(() => call.RequestStream.WriteAsync("late"));
        await call.RequestStream.CompleteAsync().Bounded();
    }
}
