using System.Net;
using System.Runtime.CompilerServices;
using Faultline.Client.Tests.Infrastructure;

namespace Faultline.Client.Tests;

/// <summary>Request building and response validation against an in-memory handler.</summary>
public sealed class ResponseHandlingTests
{
    private static readonly Method<string, string> Unary = TestMethods.Unary(("pkg.Svc", "Do"));

    private static StubHandler Ok(string reply = "ok") => new((_, _) => Task.FromResult(StubHandler.GrpcResponse(GrpcFraming.Frame(reply), t => t.TryAddWithoutValidation("grpc-status", "0"))));

    [Fact]
    public async Task Request_IsHttp2ExactPostToMethodPathWithPathBase()
    {
        var handler = Ok();
        using var channel = StubHandler.Channel(handler, address: "http://stub.test/base/");
        await channel.CreateCallInvoker().AsyncUnaryCall(Unary, null, default, "x").ResponseAsync.Bounded();

        var request = handler.LastRequest!;
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal(HttpVersion.Version20, request.Version);
        Assert.Equal(HttpVersionPolicy.RequestVersionExact, request.VersionPolicy);
        Assert.Equal("http://stub.test/base/pkg.Svc/Do", request.RequestUri!.ToString());
    }

    [Fact]
    public async Task Request_MetadataAndTimeoutHeaders()
    {
        var handler = Ok();
        using var channel = StubHandler.Channel(handler);
        var metadata = new Metadata
        {
            { "user-agent", "my-agent/1.0" },
            { "grpc-timeout", "1S" },
            { "content-type", "text/plain" },
            { "authorization", "Bearer t" },
            { "x-raw-bin", new byte[] { 1 } },
        };
        var options = new CallOptions(metadata, deadline: DateTime.UtcNow.AddMinutes(5), compression: "deflate");
        await channel.CreateCallInvoker().AsyncUnaryCall(Unary, null, options, "x").ResponseAsync.Bounded();

        var headers = handler.LastRequest!.Headers.NonValidated;
        Assert.Equal("my-agent/1.0", headers["user-agent"].ToString());
        Assert.Equal("Bearer t", headers["authorization"].ToString());
        Assert.Equal("AQ==", headers["x-raw-bin"].ToString());
        Assert.Equal("deflate", headers["grpc-encoding"].ToString());
        var timeout = headers["grpc-timeout"].ToString();
        Assert.NotEqual("1S", timeout);
        Assert.Matches("^[0-9]{1,8}[mu]$", timeout);
        Assert.Equal("application/grpc", handler.LastRequest.Content!.Headers.NonValidated["content-type"].ToString());
    }

    [Fact]
    public async Task Response_Http11_IsInternalProtocolDowngrade()
    {
        var handler = new StubHandler((_, _) => Task.FromResult(StubHandler.GrpcResponse(GrpcFraming.Frame("x"), t => t.TryAddWithoutValidation("grpc-status", "0"), HttpVersion.Version11)));
        using var channel = StubHandler.Channel(handler);
        var ex = await Assert.ThrowsAnyAsync<GrpcException>(() => channel.CreateCallInvoker().AsyncUnaryCall(Unary, null, default, "x").ResponseAsync.Bounded());
        Assert.Equal(StatusCode.Internal, ex.StatusCode);
        Assert.Contains("HTTP/1.1", ex.Status.Message);
    }

    [Fact]
    public async Task Response_MissingContentType_IsUnknown()
    {
        var handler = new StubHandler((_, _) =>
        {
            var response = StubHandler.GrpcResponse(GrpcFraming.Frame("x"));
            response.Content.Headers.Remove("content-type");
            return Task.FromResult(response);
        });
        using var channel = StubHandler.Channel(handler);
        var ex = await Assert.ThrowsAnyAsync<GrpcException>(() => channel.CreateCallInvoker().AsyncUnaryCall(Unary, null, default, "x").ResponseAsync.Bounded());
        Assert.Equal(StatusCode.Unknown, ex.StatusCode);
        Assert.Contains("content-type", ex.Status.Message);
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized, StatusCode.Unauthenticated)]
    [InlineData(HttpStatusCode.Forbidden, StatusCode.PermissionDenied)]
    [InlineData(HttpStatusCode.TooManyRequests, StatusCode.Unavailable)]
    [InlineData(HttpStatusCode.BadGateway, StatusCode.Unavailable)]
    [InlineData(HttpStatusCode.InternalServerError, StatusCode.Unknown)]
    public async Task Response_NonOkHttpStatusWithoutGrpcStatus_UsesMappingTable(HttpStatusCode http, StatusCode expected)
    {
        var handler = new StubHandler((_, _) => Task.FromResult(new HttpResponseMessage(http) { Version = HttpVersion.Version20 }));
        using var channel = StubHandler.Channel(handler);
        var ex = await Assert.ThrowsAnyAsync<GrpcException>(() => channel.CreateCallInvoker().AsyncUnaryCall(Unary, null, default, "x").ResponseAsync.Bounded());
        Assert.Equal(expected, ex.StatusCode);
    }

    [Fact]
    public async Task Response_InvalidGrpcStatus_IsUnknown()
    {
        var handler = new StubHandler((_, _) => Task.FromResult(StubHandler.GrpcResponse([], t => t.TryAddWithoutValidation("grpc-status", "abc"))));
        using var channel = StubHandler.Channel(handler);
        var ex = await Assert.ThrowsAnyAsync<GrpcException>(() => channel.CreateCallInvoker().AsyncUnaryCall(Unary, null, default, "x").ResponseAsync.Bounded());
        Assert.Equal(StatusCode.Unknown, ex.StatusCode);
        Assert.Contains("abc", ex.Status.Message);
    }

    [Fact]
    public async Task Response_CommaJoinedBinaryValues_AreSplitAndUnpaddedAccepted()
    {
        var handler = new StubHandler((_, _) =>
        {
            var response = StubHandler.GrpcResponse(GrpcFraming.Frame("x"), t =>
            {
                t.TryAddWithoutValidation("grpc-status", "0");
                t.TryAddWithoutValidation("x-list-bin", "AQ==, Ag");
                t.TryAddWithoutValidation("x-text", "a, b");
            });
            return Task.FromResult(response);
        });
        using var channel = StubHandler.Channel(handler);
        using var call = channel.CreateCallInvoker().AsyncUnaryCall(Unary, null, default, "x");
        await call.ResponseAsync.Bounded();
        var values = call.GetTrailers().GetAll("x-list-bin").Select(e => e.ValueBytes).ToArray();
        Assert.Equal([[1], [2]], values);
        Assert.Equal("a, b", call.GetTrailers().GetValue("x-text"));
    }

    [Fact]
    public async Task Response_ExtraMessageInUnaryResponse_IsInternal()
    {
        var body = GrpcFraming.Frame("one").Concat(GrpcFraming.Frame("two")).ToArray();
        var handler = new StubHandler((_, _) => Task.FromResult(StubHandler.GrpcResponse(body, t => t.TryAddWithoutValidation("grpc-status", "0"))));
        using var channel = StubHandler.Channel(handler);
        var ex = await Assert.ThrowsAnyAsync<GrpcException>(() => channel.CreateCallInvoker().AsyncUnaryCall(Unary, null, default, "x").ResponseAsync.Bounded());
        Assert.Equal(StatusCode.Internal, ex.StatusCode);
    }

    [Fact]
    public async Task Response_DeserializerThrows_IsInternal()
    {
        var bad = new Marshaller<string>(_ => [], (byte[] _) => throw new FormatException("bad bytes"));
        var method = new Method<string, string>(MethodType.Unary, "pkg.Svc", "Do", TestMethods.Utf8, bad);
        using var channel = StubHandler.Channel(Ok());
        var ex = await Assert.ThrowsAnyAsync<GrpcException>(() => channel.CreateCallInvoker().AsyncUnaryCall(method, null, default, "x").ResponseAsync.Bounded());
        Assert.Equal(StatusCode.Internal, ex.StatusCode);
    }

    [Fact]
    public async Task Request_SerializerThrows_IsInternalAndNothingIsSent()
    {
        var bad = new Marshaller<string>((string _) => throw new InvalidOperationException("cannot"), (byte[] b) => "");
        var method = new Method<string, string>(MethodType.Unary, "pkg.Svc", "Do", bad, TestMethods.Utf8);
        var handler = Ok();
        using var channel = StubHandler.Channel(handler);
        var ex = await Assert.ThrowsAnyAsync<GrpcException>(() => channel.CreateCallInvoker().AsyncUnaryCall(method, null, default, "x").ResponseAsync.Bounded());
        Assert.Equal(StatusCode.Internal, ex.StatusCode);
        Assert.Null(handler.LastRequest);
    }

    [Fact]
    public async Task FailedCallsNobodyAwaits_RaiseNoUnobservedTaskException()
    {
        const string marker = "unobserved-marker-5b1f";
        var seen = 0;
        EventHandler<UnobservedTaskExceptionEventArgs> onUnobserved = (_, e) =>
        {
            if (e.Exception.ToString().Contains(marker, StringComparison.Ordinal))
            {
                Interlocked.Increment(ref seen);
            }
        };

        TaskScheduler.UnobservedTaskException += onUnobserved;
        try
        {
            await StartAndAbandonFailingCallsAsync(marker);
            for (var i = 0; i < 3; i++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }

            Assert.Equal(0, seen);
        }
        finally
        {
            TaskScheduler.UnobservedTaskException -= onUnobserved;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task StartAndAbandonFailingCallsAsync(string marker)
    {
        var handler = new StubHandler((_, _) => Task.FromException<HttpResponseMessage>(new HttpRequestException(marker)));
        using var channel = StubHandler.Channel(handler);
        var invoker = channel.CreateCallInvoker();
        var ended = new List<Task>();
        for (var i = 0; i < 10; i++)
        {
            var unary = invoker.AsyncUnaryCall(Unary, null, default, "x");
            var streaming = invoker.AsyncServerStreamingCall(TestMethods.ServerStreaming(("pkg.Svc", "S")), null, default, "x");
            var duplex = invoker.AsyncDuplexStreamingCall(TestMethods.Duplex(("pkg.Svc", "D")), null, default);
            if (i % 2 == 0)
            {
                unary.Dispose();
                streaming.Dispose();
                duplex.Dispose();
            }

            // Wait for the end without observing any task's exception.
            ended.Add(((Task)unary.ResponseAsync).ContinueWith(static _ => { }, TaskScheduler.Default));
        }

        await Task.WhenAll(ended).Bounded();
        await Task.Delay(50);
    }
}
