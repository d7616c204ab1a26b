using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using Faultline.FunctionalTests.Infrastructure;
using Faultline.Server;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Faultline.FunctionalTests.RawFrames;

// Tests added by the protocol audit (docs/protocol.md) for PROTOCOL-NOTES.md P0 items that had no
// test of their own. Each test names its checklist item.

/// <summary>
/// A service for the audit tests only, so they never touch the static hooks of TestService (which
/// other test classes use in parallel). Gates and stashes are keyed by the request text.
/// </summary>
[BindServiceMethod(typeof(ChecklistService), nameof(BindService))]
public class ChecklistService
{
    public const string ServiceName = "faultline.checklist.ChecklistService";

    public static readonly Marshaller<StringValue> StringMarshaller = Marshallers.ForProtobuf(StringValue.Parser);
    public static readonly Marshaller<Int32Value> Int32Marshaller = Marshallers.ForProtobuf(Int32Value.Parser);

    public static readonly Method<Int32Value, StringValue> SlowUnaryMethod = new(MethodType.Unary, ServiceName, "SlowUnary", Int32Marshaller, StringMarshaller);
    public static readonly Method<Int32Value, StringValue> SlowUnaryHonoringTokenMethod = new(MethodType.Unary, ServiceName, "SlowUnaryHonoringToken", Int32Marshaller, StringMarshaller);
    public static readonly Method<StringValue, StringValue> ForgeTrailersMethod = new(MethodType.Unary, ServiceName, "ForgeTrailers", StringMarshaller, StringMarshaller);
    public static readonly Method<StringValue, StringValue> ForgeHeadersMethod = new(MethodType.Unary, ServiceName, "ForgeHeaders", StringMarshaller, StringMarshaller);
    public static readonly Method<StringValue, StringValue> NullClientStreamingMethod = new(MethodType.ClientStreaming, ServiceName, "NullClientStreaming", StringMarshaller, StringMarshaller);
    public static readonly Method<StringValue, StringValue> GatedStreamMethod = new(MethodType.ServerStreaming, ServiceName, "GatedStream", StringMarshaller, StringMarshaller);
    public static readonly Method<StringValue, StringValue> StreamIgnoringDeadlineMethod = new(MethodType.ServerStreaming, ServiceName, "StreamIgnoringDeadline", StringMarshaller, StringMarshaller);
    public static readonly Method<StringValue, StringValue> SlowStreamMethod = new(MethodType.ServerStreaming, ServiceName, "SlowStream", StringMarshaller, StringMarshaller);
    public static readonly Method<StringValue, StringValue> ConcurrentWritesMethod = new(MethodType.ServerStreaming, ServiceName, "ConcurrentWrites", StringMarshaller, StringMarshaller);
    public static readonly Method<StringValue, StringValue> StashWriterMethod = new(MethodType.ServerStreaming, ServiceName, "StashWriter", StringMarshaller, StringMarshaller);
    public static readonly Method<StringValue, StringValue> StashReaderMethod = new(MethodType.DuplexStreaming, ServiceName, "StashReader", StringMarshaller, StringMarshaller);
    public static readonly Method<StringValue, StringValue> CountRequestsMethod = new(MethodType.DuplexStreaming, ServiceName, "CountRequests", StringMarshaller, StringMarshaller);
    public static readonly Method<StringValue, StringValue> HugeStatusMethod = new(MethodType.Unary, ServiceName, "HugeStatus", StringMarshaller, StringMarshaller);

    /// <summary>Opened by a test to let a gated handler go on; keyed by the request text.</summary>
    public static readonly ConcurrentDictionary<string, TaskCompletionSource> Gates = new();

    /// <summary>Readers and writers handlers leave behind, keyed by the request text (or "reader").</summary>
    public static readonly ConcurrentDictionary<string, object> Stash = new();

    /// <summary>Completed when a handler has really returned (or thrown), keyed by the request text.</summary>
    public static readonly ConcurrentDictionary<string, TaskCompletionSource<string>> Finished = new();

    public static TaskCompletionSource Gate(string key) => Gates.GetOrAdd(key, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    public static TaskCompletionSource<string> FinishedOf(string key) => Finished.GetOrAdd(key, _ => new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously));

    public static void BindService<TService>(ServiceMethodBinder<TService> binder)
        where TService : ChecklistService
    {
        binder.AddUnaryMethod(SlowUnaryMethod, (s, r, c) => s.SlowUnary(r, c));
        binder.AddUnaryMethod(SlowUnaryHonoringTokenMethod, (s, r, c) => s.SlowUnaryHonoringToken(r, c));
        binder.AddUnaryMethod(ForgeTrailersMethod, (s, r, c) => s.ForgeTrailers(r, c));
        binder.AddUnaryMethod(ForgeHeadersMethod, (s, r, c) => s.ForgeHeaders(r, c));
        binder.AddClientStreamingMethod(NullClientStreamingMethod, (s, r, c) => s.NullClientStreaming(r, c));
        binder.AddServerStreamingMethod(GatedStreamMethod, (s, r, w, c) => s.GatedStream(r, w, c));
        binder.AddServerStreamingMethod(StreamIgnoringDeadlineMethod, (s, r, w, c) => s.StreamIgnoringDeadline(r, w, c));
        binder.AddServerStreamingMethod(SlowStreamMethod, (s, r, w, c) => s.SlowStream(r, w, c));
        binder.AddServerStreamingMethod(ConcurrentWritesMethod, (s, r, w, c) => s.ConcurrentWrites(r, w, c));
        binder.AddServerStreamingMethod(StashWriterMethod, (s, r, w, c) => s.StashWriter(r, w, c));
        binder.AddDuplexStreamingMethod(StashReaderMethod, (s, r, w, c) => s.StashReader(r, w, c));
        binder.AddDuplexStreamingMethod(CountRequestsMethod, (s, r, w, c) => s.CountRequests(r, w, c));
        binder.AddUnaryMethod(HugeStatusMethod, (s, r, c) => s.HugeStatus(r, c));
    }

    /// <summary>Sleeps for the requested milliseconds ignoring the call's token, then answers.</summary>
    public virtual async Task<StringValue> SlowUnary(Int32Value request, ServerCallContext context)
    {
        await Task.Delay(request.Value, CancellationToken.None);
        return new StringValue { Value = "late" };
    }

    public virtual async Task<StringValue> SlowUnaryHonoringToken(Int32Value request, ServerCallContext context)
    {
        await Task.Delay(request.Value, context.CancellationToken);
        return new StringValue { Value = "done" };
    }

    /// <summary>Sends headers, forges grpc-status/grpc-message straight into the HTTP trailers, then fails with an empty message.</summary>
    public virtual async Task<StringValue> ForgeTrailers(StringValue request, ServerCallContext context)
    {
        await context.WriteResponseHeadersAsync(new Metadata());
        var response = context.GetHttpContext().Response;
        response.AppendTrailer("grpc-status", "0");
        response.AppendTrailer("grpc-message", "forged");
        throw new GrpcException(new Status(StatusCode.NotFound, string.Empty));
    }

    /// <summary>Forges grpc-status/grpc-message straight into the HTTP headers before anything is sent, then fails.</summary>
    public virtual Task<StringValue> ForgeHeaders(StringValue request, ServerCallContext context)
    {
        var response = context.GetHttpContext().Response;
        response.Headers["grpc-status"] = "0";
        response.Headers["grpc-message"] = "forged";
        throw new GrpcException(new Status(StatusCode.NotFound, "real"));
    }

    public virtual async Task<StringValue> NullClientStreaming(IAsyncStreamReader<StringValue> requests, ServerCallContext context)
    {
        await foreach (var _ in requests.ReadAllAsync())
        {
        }

        return null!;
    }

    /// <summary>
    /// Request "hint:KEY" writes its first message with BufferHint, "flush:KEY" without; both then
    /// wait for the gate KEY and write a second message.
    /// </summary>
    public virtual async Task GatedStream(StringValue request, IServerStreamWriter<StringValue> responses, ServerCallContext context)
    {
        var hint = request.Value.StartsWith("hint:", StringComparison.Ordinal);
        var key = request.Value[(request.Value.IndexOf(':') + 1)..];
        responses.WriteOptions = hint ? new WriteOptions(WriteFlags.BufferHint) : null;
        await responses.WriteAsync(new StringValue { Value = "first" });
        responses.WriteOptions = null;
        await Gate(key).Task.WaitAsync(TimeSpan.FromSeconds(10));
        await responses.WriteAsync(new StringValue { Value = "second" });
    }

    /// <summary>Writes a message every 20 ms for up to 3 s, ignoring the call's token; reports how it ended.</summary>
    public virtual async Task StreamIgnoringDeadline(StringValue request, IServerStreamWriter<StringValue> responses, ServerCallContext context)
    {
        var outcome = "ran out of time";
        try
        {
            for (var i = 0; i < 150; i++)
            {
                await responses.WriteAsync(new StringValue { Value = i.ToString(System.Globalization.CultureInfo.InvariantCulture) }, CancellationToken.None);
                await Task.Delay(20, CancellationToken.None);
            }
        }
        catch (Exception ex)
        {
            outcome = ex.GetType().Name;
            throw;
        }
        finally
        {
            FinishedOf(request.Value).TrySetResult(outcome);
        }
    }

    /// <summary>Writes five messages 150 ms apart, honouring the call's token.</summary>
    public virtual async Task SlowStream(StringValue request, IServerStreamWriter<StringValue> responses, ServerCallContext context)
    {
        for (var i = 0; i < 5; i++)
        {
            await Task.Delay(150, context.CancellationToken);
            await responses.WriteAsync(new StringValue { Value = i.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        }
    }

    /// <summary>Starts a 4 MiB write and, while it is pending, a second one; reports what the second did.</summary>
    public virtual async Task ConcurrentWrites(StringValue request, IServerStreamWriter<StringValue> responses, ServerCallContext context)
    {
        var first = responses.WriteAsync(new StringValue { Value = new string('x', 4 * 1024 * 1024) });
        string outcome;
        try
        {
            var wasPending = !first.IsCompleted;
            await responses.WriteAsync(new StringValue { Value = "second" });
            outcome = wasPending ? "second-accepted-while-first-pending" : "first-completed-synchronously";
        }
        catch (InvalidOperationException)
        {
            outcome = "second-rejected";
        }

        await first;
        await responses.WriteAsync(new StringValue { Value = outcome });
    }

    public virtual Task StashWriter(StringValue request, IServerStreamWriter<StringValue> responses, ServerCallContext context)
    {
        Stash[request.Value] = responses;
        return Task.CompletedTask;
    }

    public virtual Task StashReader(IAsyncStreamReader<StringValue> requests, IServerStreamWriter<StringValue> responses, ServerCallContext context)
    {
        Stash["reader"] = requests;
        return Task.CompletedTask;
    }

    /// <summary>"message": fails with a 100 KB status message; "trailer": adds a 100 KB trailer and fails with "kept".</summary>
    public virtual Task<StringValue> HugeStatus(StringValue request, ServerCallContext context)
    {
        if (request.Value == "trailer")
        {
            context.ResponseTrailers.Add("x-big", new string('y', 100_000));
            throw new GrpcException(new Status(StatusCode.NotFound, "kept"));
        }

        throw new GrpcException(new Status(StatusCode.NotFound, new string('x', 100_000)));
    }

    public virtual async Task CountRequests(IAsyncStreamReader<StringValue> requests, IServerStreamWriter<StringValue> responses, ServerCallContext context)
    {
        long count = 0;
        long bytes = 0;
        while (await requests.MoveNext(context.CancellationToken))
        {
            count++;
            bytes += requests.Current.Value.Length;
        }

        await responses.WriteAsync(new StringValue { Value = $"{count}:{bytes}" });
    }
}

/// <summary>Raw-frame tests against the default TestService for checklist items 3, 4, 5 and 12.</summary>
public class ChecklistGapTests : RawFrameTestBase
{
    private static HttpRequestMessage Request(HttpMethod method, Uri address, string path, string? contentType, byte[]? body = null)
    {
        var request = new HttpRequestMessage(method, new Uri(address, path))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            if (contentType is not null)
            {
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            }
        }

        return request;
    }

    // Item 3: every server response carries content-type application/grpc, the 415 answer included.
    [Fact]
    public async Task Item03_WrongContentType415_CarriesGrpcContentType()
    {
        var response = await Client.PostAsync(Path("Echo"), Str("x"), contentType: "application/json");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.HttpStatus);
        Assert.Equal("application/grpc", response.Headers["content-type"]);
        Assert.Equal("13", response.GrpcStatus);
    }

    // Item 3 (and 5): the 426 answer to HTTP/1.1 carries content-type application/grpc and a status.
    [Fact]
    public async Task Item03_Http1Answer426_CarriesGrpcContentType()
    {
        using var http1 = new RawGrpcClient(Server.Http1Address);
        var response = await http1.PostAsync(Path("Echo"), Str("x"), version: HttpVersion.Version11);

        Assert.Equal(HttpStatusCode.UpgradeRequired, response.HttpStatus);
        Assert.Equal("application/grpc", response.Headers["content-type"]);
        Assert.Equal("13", response.GrpcStatus);
    }

    // Item 3: a Trailers-Only error of a streaming method carries the content type too.
    [Fact]
    public async Task Item03_ServerStreamingErrorBeforeAnyMessage_IsTrailersOnlyWithGrpcContentType()
    {
        // Count(-0) would be OK; send an undeserializable request to fail before the method runs.
        var response = await Client.PostAsync(Path("Count"), RawGrpcClient.Frame([0xFF, 0xFF, 0xFF]));

        Assert.True(response.IsTrailersOnly);
        Assert.Equal("application/grpc", response.Headers["content-type"]);
        Assert.Equal("13", response.GrpcStatus);
    }

    // Item 4: the UNIMPLEMENTED fallback matches only POST.
    [Fact]
    public async Task Item04_GetWithGrpcContentTypeToUnknownService_IsNotAnsweredAsGrpc()
    {
        using var http = new HttpMessageInvoker(new SocketsHttpHandler());
        using var request = Request(HttpMethod.Get, Server.Address, "/no.such.Service/Method", "application/grpc", Str("x"));
        using var response = await http.SendAsync(request, CancellationToken.None);

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("grpc-status"));
    }

    // Item 4: a known method's endpoint only takes POST as well.
    [Fact]
    public async Task Item04_GetToKnownMethod_IsNotAnsweredAsGrpc()
    {
        using var http = new HttpMessageInvoker(new SocketsHttpHandler());
        using var request = Request(HttpMethod.Get, Server.Address, Path("Echo"), "application/grpc", Str("x"));
        using var response = await http.SendAsync(request, CancellationToken.None);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.False(response.Headers.Contains("grpc-status"));
    }

    // Item 5: a CORS preflight (OPTIONS) is not treated as a gRPC call.
    [Theory]
    [InlineData("/faultline.test.TestService/Echo")]
    [InlineData("/faultline.test.TestService/NoSuchMethod")]
    [InlineData("/no.such.Service/Method")]
    public async Task Item05_CorsPreflight_IsNotTreatedAsGrpc(string path)
    {
        using var http = new HttpMessageInvoker(new SocketsHttpHandler());
        using var request = Request(HttpMethod.Options, Server.Address, path, contentType: null);
        request.Headers.TryAddWithoutValidation("origin", "https://example.com");
        request.Headers.TryAddWithoutValidation("access-control-request-method", "POST");
        request.Headers.TryAddWithoutValidation("access-control-request-headers", "content-type,x-grpc-web");
        using var response = await http.SendAsync(request, CancellationToken.None);

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("grpc-status"));
        Assert.NotEqual("application/grpc", response.Content.Headers.ContentType?.MediaType);
        Server.Logs.AssertNoUnexpectedErrors();
    }

    // Item 12: grpc-timeout must be a single value; two values are not a valid timeout and are ignored.
    [Fact]
    public async Task Item12_TwoTimeoutValues_AreIgnored()
    {
        var response = await Client.PostAsync(Path("EchoMetadata"), Str("x"), headers: [new("grpc-timeout", "1S"), new("grpc-timeout", "2S")]);

        Assert.Equal("0", response.GrpcStatus);
        Assert.StartsWith("/faultline.test.TestService/EchoMetadata|none|", ParseStr(Assert.Single(response.Messages()).Payload));
    }
}

/// <summary>Raw-frame tests against <see cref="ChecklistService"/> for checklist items 2, 13, 17, 19 and 21.</summary>
public class ChecklistServiceTests : IAsyncLifetime
{
    private TestServer _server = null!;
    private RawGrpcClient _client = null!;

    private static string Path(string method) => "/" + ChecklistService.ServiceName + "/" + method;

    private static byte[] Str(string value) => RawGrpcClient.Frame(new StringValue { Value = value }.ToByteArray());

    private static byte[] Int(int value) => RawGrpcClient.Frame(new Int32Value { Value = value }.ToByteArray());

    private static string ParseStr(byte[] payload) => StringValue.Parser.ParseFrom(payload).Value;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(map: app => app.MapGrpcService<ChecklistService>());
        _client = new RawGrpcClient(_server.Address);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    // Item 2: a grpc-status / grpc-message the method put straight into the HTTP trailers is overwritten,
    // and a grpc-message is removed when the real status has none.
    [Fact]
    public async Task Item02_StatusForgedInHttpTrailers_IsOverwritten()
    {
        var response = await _client.PostAsync(Path("ForgeTrailers"), Str("x"));

        Assert.False(response.Headers.ContainsKey("grpc-status"));
        Assert.Equal("5", response.Trailers["grpc-status"]);
        Assert.False(response.Trailers.ContainsKey("grpc-message"), "forged grpc-message survived: " + response.Trailers.GetValueOrDefault("grpc-message"));
    }

    // Item 2: the same for a Trailers-Only answer, where the status goes into the headers.
    [Fact]
    public async Task Item02_StatusForgedInHttpHeaders_IsOverwrittenInTrailersOnly()
    {
        var response = await _client.PostAsync(Path("ForgeHeaders"), Str("x"));

        Assert.True(response.IsTrailersOnly);
        Assert.Equal("5", response.Headers["grpc-status"]);
        Assert.Equal("real", response.Headers["grpc-message"]);
    }

    // Item 13: once the deadline has fired, the late response of a handler that ignored its token is not written.
    [Fact]
    public async Task Item13_UnaryResponseAfterDeadline_IsNotWritten()
    {
        var response = await _client.PostAsync(Path("SlowUnary"), Int(400), headers: [new("grpc-timeout", "50m")]);

        Assert.Equal(HttpStatusCode.OK, response.HttpStatus);
        Assert.True(response.IsTrailersOnly);
        Assert.Equal("4", response.GrpcStatus);
        Assert.Empty(response.Body);

        // Let the handler return and the server try to write its late answer.
        await Task.Delay(800);
        _server.Logs.AssertNoUnexpectedErrors();
    }

    // Item 13: a streaming handler that keeps writing after the deadline gets its writes refused; the
    // client sees DEADLINE_EXCEEDED in the trailers after the messages sent in time, and nothing is logged as an error.
    [Fact]
    public async Task Item13_StreamingWritesAfterDeadline_AreRefused_AndStatusIsDeadlineExceeded()
    {
        var key = "stream-" + Guid.NewGuid().ToString("N");
        var response = await _client.PostAsync(Path("StreamIgnoringDeadline"), Str(key), headers: [new("grpc-timeout", "200m")]);

        Assert.Equal("4", response.Trailers["grpc-status"]);
        Assert.False(response.Headers.ContainsKey("grpc-status"));
        var messages = response.Messages();
        Assert.InRange(messages.Count, 1, 149);

        var outcome = await ChecklistService.FinishedOf(key).Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.NotEqual("ran out of time", outcome);
        await Task.Delay(100);
        _server.Logs.AssertNoUnexpectedErrors();
    }

    // Item 13: the deadline racing the normal end of the call: every response is well formed, with
    // exactly one status, and the server logs no error.
    [Fact]
    public async Task Item13_DeadlineRacingNormalEnd_EveryResponseIsWellFormed()
    {
        var calls = Enumerable.Range(0, 120).Select(i =>
            _client.PostAsync(Path("SlowUnary"), Int(30), headers: [new("grpc-timeout", (20 + (i % 21)).ToString(System.Globalization.CultureInfo.InvariantCulture) + "m")]));
        var responses = await Task.WhenAll(calls);

        foreach (var response in responses)
        {
            Assert.Equal(HttpStatusCode.OK, response.HttpStatus);
            var status = response.GrpcStatus;
            Assert.True(status is "0" or "4", $"unexpected grpc-status '{status}' (message '{response.GrpcMessage}')");
            var messages = response.Messages();
            if (status == "0")
            {
                Assert.Equal("late", ParseStr(Assert.Single(messages).Payload));
            }
            else
            {
                Assert.True(messages.Count <= 1);
            }
        }

        Assert.Contains(responses, r => r.GrpcStatus == "4");
        await Task.Delay(300);
        _server.Logs.AssertNoUnexpectedErrors();
    }

    // Item 17: without BufferHint each streamed message is flushed at once, while the handler still runs.
    [Fact]
    public async Task Item17_StreamedMessage_IsFlushedBeforeTheHandlerGoesOn()
    {
        var key = "flush-" + Guid.NewGuid().ToString("N");
        using var http = new HttpMessageInvoker(new SocketsHttpHandler());
        using var request = GrpcRequest(Path("GatedStream"), Str("flush:" + key));
        var firstFrame = ReadFirstFrameAsync(http, request);
        try
        {
            var payload = await firstFrame.WaitAsync(TimeSpan.FromSeconds(5));
            Assert.Equal("first", ParseStr(payload));
        }
        finally
        {
            ChecklistService.Gate(key).TrySetResult();
        }
    }

    // Item 17: with BufferHint the message is not flushed on its own; it goes out with the next flush.
    [Fact]
    public async Task Item17_BufferHint_DefersTheFlush()
    {
        var key = "hint-" + Guid.NewGuid().ToString("N");
        using var http = new HttpMessageInvoker(new SocketsHttpHandler());
        using var request = GrpcRequest(Path("GatedStream"), Str("hint:" + key));
        var firstFrame = ReadFirstFrameAsync(http, request);
        try
        {
            await Task.Delay(400);
            Assert.False(firstFrame.IsCompleted, "a BufferHint message was flushed on its own");
        }
        finally
        {
            ChecklistService.Gate(key).TrySetResult();
        }

        Assert.Equal("first", ParseStr(await firstFrame.WaitAsync(TimeSpan.FromSeconds(5))));
    }

    // Item 19: a second concurrent write on the server's response stream is refused.
    [Fact]
    public async Task Item19_ConcurrentServerWrite_IsRejected()
    {
        var response = await _client.PostAsync(Path("ConcurrentWrites"), Str("x"));

        Assert.Equal("0", response.GrpcStatus);
        var messages = response.Messages();
        Assert.Equal("second-rejected", ParseStr(messages[^1].Payload));
    }

    // Item 19: a write on the response stream after the handler completed throws InvalidOperationException.
    [Fact]
    public async Task Item19_ServerWriteAfterHandlerCompleted_ThrowsInvalidOperation()
    {
        var key = "writer-" + Guid.NewGuid().ToString("N");
        var response = await _client.PostAsync(Path("StashWriter"), Str(key));
        Assert.Equal("0", response.GrpcStatus);

        var writer = (IServerStreamWriter<StringValue>)ChecklistService.Stash[key];
        await Assert.ThrowsAsync<InvalidOperationException>(() => writer.WriteAsync(new StringValue { Value = "late" }));
    }

    // Item 19: a read of the request stream after the handler completed throws InvalidOperationException.
    [Fact]
    public async Task Item19_ServerReadAfterHandlerCompleted_ThrowsInvalidOperation()
    {
        var response = await _client.PostAsync(Path("StashReader"), RawGrpcClient.Concat(Str("a"), Str("b")));
        Assert.Equal("0", response.GrpcStatus);

        var reader = (IAsyncStreamReader<StringValue>)ChecklistService.Stash["reader"];
        await Assert.ThrowsAsync<InvalidOperationException>(() => reader.MoveNext(CancellationToken.None));
    }

    // Item 21: a client-streaming handler returning null ends the call with CANCELLED.
    [Fact]
    public async Task Item21_NullResponseFromClientStreaming_IsCancelled()
    {
        var response = await _client.PostAsync(Path("NullClientStreaming"), RawGrpcClient.Concat(Str("a"), Str("b")));

        Assert.Equal("1", response.GrpcStatus);
        Assert.Equal("No message returned from method.", response.GrpcMessage);
        Assert.Empty(response.Messages());
    }

    // Item 39 (P1): a status message too large for a peer's header limit is truncated to fit.
    [Fact]
    public async Task Item39_HugeStatusMessage_IsTruncatedToFit()
    {
        var response = await _client.PostAsync(Path("HugeStatus"), Str("message"));

        Assert.Equal("5", response.GrpcStatus);
        Assert.EndsWith("...", response.GrpcMessage);
        Assert.InRange(response.GrpcMessage!.Length, 16, 8 * 1024);
        Assert.Contains(_server.Logs.Records, r => r.EventName == "StatusTrimmed");
    }

    // Item 39 (P1): application trailers too large to fit are dropped so the status still arrives,
    // unchanged. FAILS at the time of the audit: StatusTrailerBudget.Truncate always appends "...",
    // so the message "kept" arrives as "kept..." (docs/protocol.md, item 39).
    [Fact]
    public async Task Item39_HugeApplicationTrailer_IsDroppedAndStatusKept()
    {
        var response = await _client.PostAsync(Path("HugeStatus"), Str("trailer"));

        Assert.Equal("5", response.GrpcStatus);
        Assert.Equal("kept", response.GrpcMessage);
        Assert.False(response.Headers.ContainsKey("x-big") || response.Trailers.ContainsKey("x-big"));
    }

    internal static HttpRequestMessage GrpcRequest(string path, byte[] body, Uri? address = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/grpc");
        request.Headers.TE.ParseAdd("trailers");
        return request;
    }

    private async Task<byte[]> ReadFirstFrameAsync(HttpMessageInvoker http, HttpRequestMessage request)
    {
        request.RequestUri = new Uri(_server.Address, request.RequestUri!.OriginalString);
        var response = await http.SendAsync(request, CancellationToken.None);
        var stream = await response.Content.ReadAsStreamAsync();
        var header = new byte[5];
        await stream.ReadExactlyAsync(header);
        var payload = new byte[BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(1))];
        await stream.ReadExactlyAsync(payload);
        return payload;
    }
}
