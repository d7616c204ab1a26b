using System.Text;
using Faultline.Client.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace Faultline.Client.Tests;

public sealed class UnaryCallTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private CallInvoker Invoker => fixture.Channel.CreateCallInvoker();

    [Fact]
    public async Task UnaryCall_Ok_SendsProtocolHeadersAndReturnsMessageHeadersAndTrailers()
    {
        IHeaderDictionary? seen = null;
        string? request = null;
        var name = fixture.Server.Map(async context =>
        {
            seen = context.Request.Headers;
            request = await GrpcFraming.ReadTextAsync(context.Request);
            context.Response.Headers["x-header"] = "h";
            context.Response.Headers["x-header-bin"] = Convert.ToBase64String([1, 2, 3]).TrimEnd('=');
            await GrpcFraming.StartAsync(context.Response);
            await GrpcFraming.WriteAsync(context.Response, "hello " + request);
            context.Response.AppendTrailer("x-trailer", "t");
            context.Response.AppendTrailer("grpc-status-details-bin", Convert.ToBase64String([9, 8, 7]));
            GrpcFraming.Trailers(context.Response, 0);
        });

        var headers = new Metadata { { "x-custom", "value" }, { "x-data-bin", new byte[] { 0, 255 } } };
        using var call = Invoker.AsyncUnaryCall(TestMethods.Unary(name), null, new CallOptions(headers), "world");

        Assert.Equal("hello world", await call.ResponseAsync.Bounded());
        Assert.Equal(StatusCode.OK, call.GetStatus().Code);

        Assert.NotNull(seen);
        Assert.Equal("application/grpc", seen!.ContentType);
        Assert.Equal("trailers", seen["te"]);
        Assert.Equal("identity,gzip,deflate", seen["grpc-accept-encoding"]);
        Assert.StartsWith("faultline-dotnet/", seen.UserAgent.ToString());
        Assert.Equal("value", seen["x-custom"]);
        Assert.Equal("AP8=", seen["x-data-bin"]);
        Assert.False(seen.ContainsKey("grpc-timeout"));
        Assert.False(seen.ContainsKey("grpc-encoding"));

        var responseHeaders = await call.ResponseHeadersAsync;
        Assert.Equal("h", responseHeaders.GetValue("x-header"));
        Assert.Equal(new byte[] { 1, 2, 3 }, responseHeaders.GetValueBytes("x-header-bin"));
        Assert.Null(responseHeaders.Get("content-type"));
        Assert.Null(responseHeaders.Get("date"));

        var trailers = call.GetTrailers();
        Assert.Equal("t", trailers.GetValue("x-trailer"));
        Assert.Equal(new byte[] { 9, 8, 7 }, trailers.GetValueBytes("grpc-status-details-bin"));
        Assert.Null(trailers.Get("grpc-status"));
    }

    [Fact]
    public async Task UnaryCall_TrailersOnlyError_ThrowsWithStatusSetBeforeTheFault()
    {
        var name = fixture.Server.Map(context =>
        {
            context.Response.ContentType = "application/grpc";
            context.Response.Headers["grpc-status"] = "5";
            context.Response.Headers["grpc-message"] = "no such thing: 100%25 caf%C3%A9";
            context.Response.Headers["x-why"] = "because";
            return Task.CompletedTask;
        });

        using var call = Invoker.AsyncUnaryCall(TestMethods.Unary(name), null, default, "x");
        Status? statusInCatch = null;
        Metadata? trailersInCatch = null;
        try
        {
            await call.ResponseAsync.Bounded();
        }
        catch (GrpcException ex)
        {
            statusInCatch = call.GetStatus();
            trailersInCatch = call.GetTrailers();
            Assert.Equal(StatusCode.NotFound, ex.StatusCode);
            Assert.Equal("because", ex.Trailers.GetValue("x-why"));
        }

        Assert.Equal(new Status(StatusCode.NotFound, "no such thing: 100% café"), statusInCatch);
        Assert.Equal("because", trailersInCatch!.GetValue("x-why"));
        Assert.Equal("because", (await call.ResponseHeadersAsync).GetValue("x-why"));
    }

    [Fact]
    public async Task UnaryCall_ErrorInTrailersAfterMessage_DiscardsMessageAndThrows()
    {
        var name = fixture.Server.Map(async context =>
        {
            await GrpcFraming.StartAsync(context.Response);
            await GrpcFraming.WriteAsync(context.Response, "ignored");
            GrpcFraming.Trailers(context.Response, 9, "not now");
        });

        using var call = Invoker.AsyncUnaryCall(TestMethods.Unary(name), null, default, "x");
        var ex = await Assert.ThrowsAnyAsync<GrpcException>(() => call.ResponseAsync.Bounded());
        Assert.Equal(new Status(StatusCode.FailedPrecondition, "not now"), ex.Status);
    }

    [Fact]
    public async Task UnaryCall_OkWithoutMessage_IsInternal()
    {
        var name = fixture.Server.Map(async context =>
        {
            await GrpcFraming.StartAsync(context.Response);
            GrpcFraming.Trailers(context.Response, 0);
        });

        using var call = Invoker.AsyncUnaryCall(TestMethods.Unary(name), null, default, "x");
        var ex = await Assert.ThrowsAnyAsync<GrpcException>(() => call.ResponseAsync.Bounded());
        Assert.Equal(StatusCode.Internal, ex.StatusCode);
    }

    [Fact]
    public async Task UnaryCall_TrailersOnlyOk_IsInternal()
    {
        var name = fixture.Server.Map(context =>
        {
            context.Response.ContentType = "application/grpc";
            context.Response.Headers["grpc-status"] = "0";
            return Task.CompletedTask;
        });

        using var call = Invoker.AsyncUnaryCall(TestMethods.Unary(name), null, default, "x");
        var ex = await Assert.ThrowsAnyAsync<GrpcException>(() => call.ResponseAsync.Bounded());
        Assert.Equal(StatusCode.Internal, ex.StatusCode);
    }

    [Fact]
    public async Task UnaryCall_MissingGrpcStatus_IsCancelledAndSaysWhatWasMissing()
    {
        var name = fixture.Server.Map(async context =>
        {
            await GrpcFraming.StartAsync(context.Response);
            await GrpcFraming.WriteAsync(context.Response, "x");
        });

        using var call = Invoker.AsyncUnaryCall(TestMethods.Unary(name), null, default, "x");
        var ex = await Assert.ThrowsAnyAsync<GrpcException>(() => call.ResponseAsync.Bounded());
        Assert.Equal(StatusCode.Cancelled, ex.StatusCode);
        Assert.Contains("grpc-status", ex.Status.Message);
    }

    [Fact]
    public async Task UnaryCall_UnknownPath_Http404MapsToUnimplemented()
    {
        var method = new Method<string, string>(MethodType.Unary, "test.Missing", "Nope", TestMethods.Utf8, TestMethods.Utf8);
        using var call = Invoker.AsyncUnaryCall(method, null, default, "x");
        var ex = await Assert.ThrowsAnyAsync<GrpcException>(() => call.ResponseAsync.Bounded());
        Assert.Equal(StatusCode.Unimplemented, ex.StatusCode);
        Assert.Contains("404", ex.Status.Message);
    }

    [Fact]
    public async Task UnaryCall_GrpcStatusBeatsHttpStatus()
    {
        var name = fixture.Server.Map(context =>
        {
            context.Response.StatusCode = 503;
            context.Response.ContentType = "application/grpc";
            context.Response.Headers["grpc-status"] = "7";
            return Task.CompletedTask;
        });

        using var call = Invoker.AsyncUnaryCall(TestMethods.Unary(name), null, default, "x");
        var ex = await Assert.ThrowsAnyAsync<GrpcException>(() => call.ResponseAsync.Bounded());
        Assert.Equal(StatusCode.PermissionDenied, ex.StatusCode);
    }

    [Fact]
    public async Task UnaryCall_NonGrpcContentType_IsUnknown()
    {
        var name = fixture.Server.Map(async context =>
        {
            context.Response.ContentType = "text/html";
            await context.Response.WriteAsync("<html/>");
        });

        using var call = Invoker.AsyncUnaryCall(TestMethods.Unary(name), null, default, "x");
        var ex = await Assert.ThrowsAnyAsync<GrpcException>(() => call.ResponseAsync.Bounded());
        Assert.Equal(StatusCode.Unknown, ex.StatusCode);
        Assert.Contains("text/html", ex.Status.Message);
    }

    [Fact]
    public async Task UnaryCall_InvalidBase64InBinaryTrailer_IsSkippedAndStatusKept()
    {
        var name = fixture.Server.Map(context =>
        {
            context.Response.ContentType = "application/grpc";
            context.Response.Headers["grpc-status"] = "3";
            context.Response.Headers["x-bad-bin"] = "!!not base64!!";
            context.Response.Headers["x-good-bin"] = "AQI";
            return Task.CompletedTask;
        });

        using var call = Invoker.AsyncUnaryCall(TestMethods.Unary(name), null, default, "x");
        var ex = await Assert.ThrowsAnyAsync<GrpcException>(() => call.ResponseAsync.Bounded());
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Null(ex.Trailers.Get("x-bad-bin"));
        Assert.Equal(new byte[] { 1, 2 }, ex.Trailers.GetValueBytes("x-good-bin"));
    }

    [Fact]
    public async Task UnaryCall_ResponseOverMaxReceiveSize_IsResourceExhausted()
    {
        var name = fixture.Server.Map(async context =>
        {
            await GrpcFraming.StartAsync(context.Response);
            await GrpcFraming.WriteAsync(context.Response, new string('a', 2000));
            GrpcFraming.Trailers(context.Response, 0);
        });

        using var channel = GrpcChannel.ForAddress(fixture.Server.Address, new GrpcChannelOptions { MaxReceiveMessageSize = 1000 });
        using var call = channel.CreateCallInvoker().AsyncUnaryCall(TestMethods.Unary(name), null, default, "x");
        var ex = await Assert.ThrowsAnyAsync<GrpcException>(() => call.ResponseAsync.Bounded());
        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
    }

    [Fact]
    public async Task UnaryCall_RequestOverMaxSendSize_FailsWithoutSending()
    {
        var hits = 0;
        var name = fixture.Server.Map(context =>
        {
            Interlocked.Increment(ref hits);
            return Task.CompletedTask;
        });

        using var channel = GrpcChannel.ForAddress(fixture.Server.Address, new GrpcChannelOptions { MaxSendMessageSize = 10 });
        using var call = channel.CreateCallInvoker().AsyncUnaryCall(TestMethods.Unary(name), null, default, new string('a', 11));
        var ex = await Assert.ThrowsAnyAsync<GrpcException>(() => call.ResponseAsync.Bounded());
        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
        Assert.Equal(0, hits);
    }

    [Fact]
    public async Task BlockingUnaryCall_ReturnsTheResponse()
    {
        var name = fixture.Server.Map(async context =>
        {
            var request = await GrpcFraming.ReadTextAsync(context.Request);
            await GrpcFraming.StartAsync(context.Response);
            await GrpcFraming.WriteAsync(context.Response, request!.ToUpperInvariant());
            GrpcFraming.Trailers(context.Response, 0);
        });

        var response = await Task.Run(() => Invoker.BlockingUnaryCall(TestMethods.Unary(name), null, default, "shout")).Bounded();
        Assert.Equal("SHOUT", response);
    }

    [Fact]
    public async Task UnaryCall_GetStatusBeforeEnd_ThrowsInvalidOperation()
    {
        var release = new TaskCompletionSource();
        var name = fixture.Server.Map(async context =>
        {
            await release.Task;
            context.Response.ContentType = "application/grpc";
            context.Response.Headers["grpc-status"] = "0";
        });

        using var call = Invoker.AsyncUnaryCall(TestMethods.Unary(name), null, default, "x");
        var ex = Assert.Throws<InvalidOperationException>(() => call.GetStatus());
        Assert.Contains("not ended", ex.Message);
        Assert.Throws<InvalidOperationException>(() => call.GetTrailers());
        release.SetResult();
        await Assert.ThrowsAnyAsync<GrpcException>(() => call.ResponseAsync.Bounded());
    }

    [Fact]
    public async Task UnaryCall_ManyConcurrentCalls_AllSucceed()
    {
        var name = fixture.Server.Map(async context =>
        {
            var request = await GrpcFraming.ReadTextAsync(context.Request);
            await GrpcFraming.StartAsync(context.Response);
            await GrpcFraming.WriteAsync(context.Response, request!);
            GrpcFraming.Trailers(context.Response, 0);
        });

        var method = TestMethods.Unary(name);
        var tasks = new Task<string>[200];
        for (var i = 0; i < tasks.Length; i++)
        {
            tasks[i] = Invoker.AsyncUnaryCall(method, null, default, i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ResponseAsync;
        }

        var results = await Task.WhenAll(tasks).Bounded();
        for (var i = 0; i < results.Length; i++)
        {
            Assert.Equal(i.ToString(System.Globalization.CultureInfo.InvariantCulture), results[i]);
        }
    }

    [Fact]
    public async Task UnaryCall_LargeMessages_RoundTrip()
    {
        var name = fixture.Server.Map(async context =>
        {
            var request = await GrpcFraming.ReadTextAsync(context.Request);
            await GrpcFraming.StartAsync(context.Response);
            await GrpcFraming.WriteAsync(context.Response, request!);
            GrpcFraming.Trailers(context.Response, 0);
        });

        var big = new StringBuilder().Append('z', 3 * 1024 * 1024).ToString();
        using var call = Invoker.AsyncUnaryCall(TestMethods.Unary(name), null, default, big);
        Assert.Equal(big, await call.ResponseAsync.Bounded());
    }
}
