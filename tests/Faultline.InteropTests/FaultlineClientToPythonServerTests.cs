using System.Diagnostics;
using Faultline.Client;
using Faultline.InteropTests.Infrastructure;
using Xunit.Sdk;

namespace Faultline.InteropTests;

/// <summary>The grpcio server (python/probe_server.py) for one test class.</summary>
public sealed class PythonServerFixture : IAsyncLifetime
{
    public PythonServerProcess Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await Peer.StartServerAsync();

    public async Task DisposeAsync()
    {
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }
}

/// <summary>
/// Test B: the Faultline client calls the grpcio server. The same cases as probe_client.py runs
/// against the Faultline server, with the same expectations.
/// </summary>
public sealed class FaultlineClientToPythonServerTests(PythonServerFixture fixture) : IClassFixture<PythonServerFixture>
{
    private static readonly TimeSpan CaseTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(10);

    private static readonly byte[] BinaryValue = [0x00, 0x01, 0xfe, 0xff];

    [Theory]
    [MemberData(nameof(InteropCases.All), MemberType = typeof(InteropCases))]
    public async Task FaultlineClient_PythonServer(string @case)
    {
        var wire = new WireRecorder();
        using var channel = GrpcChannel.ForAddress(fixture.Server.Address, new GrpcChannelOptions { HttpHandler = wire, DisposeHttpClient = true });
        var client = new Probe.ProbeClient(channel);
        using var timeout = new CancellationTokenSource(CaseTimeout);
        Func<Task> run = @case switch
        {
            "unary" => () => Unary(client),
            "server_stream" => () => ServerStream(client),
            "client_stream" => () => ClientStream(client),
            "duplex" => () => Duplex(client),
            "error_unary" => () => ErrorUnary(client),
            "error_after_stream" => () => ErrorAfterStream(client),
            "metadata" => () => MetadataEcho(client),
            "deadline" => () => Deadline(client),
            "cancellation" => () => Cancellation(client),
            "unimplemented_method" => () => UnimplementedMethod(channel, wire),
            "large_message" => () => LargeMessage(client),
            "compression" => () => Compression(client, wire),
            _ => throw new XunitException($"No C# implementation of interop case '{@case}'."),
        };

        var stderrBefore = fixture.Server.Stderr.Length;
        try
        {
            await run().WaitAsync(CaseTimeout, timeout.Token);
        }
        catch (Exception ex)
        {
            throw new XunitException($"case {@case} failed: {ex}\n--- HTTP exchanges ---\n{wire}\n--- {fixture.Server.Describe()}");
        }

        // Like the Faultline server's error log: the Python server must not have hit an unexpected exception.
        await Task.Delay(100);
        var stderr = fixture.Server.Stderr[stderrBefore..];
        Assert.False(
            stderr.Contains("Traceback", StringComparison.Ordinal) || stderr.Contains("Exception calling application", StringComparison.Ordinal),
            $"case {@case}: the Python server reported an error\n--- HTTP exchanges ---\n{wire}\n--- {fixture.Server.Describe()}");
    }

    private static DateTime Soon() => DateTime.UtcNow + CallTimeout;

    private static async Task<List<ProbeReply>> ReadAllAsync(IAsyncStreamReader<ProbeReply> stream)
    {
        var replies = new List<ProbeReply>();
        await foreach (var reply in stream.ReadAllAsync())
        {
            replies.Add(reply);
        }

        return replies;
    }

    private static async Task<GrpcException> ExpectErrorAsync(Func<Task> call, StatusCode code, string? message = null)
    {
        var ex = await Assert.ThrowsAnyAsync<GrpcException>(call);
        Assert.True(ex.StatusCode == code, $"expected {code}, got {ex.Status}");
        if (message is not null)
        {
            Assert.Equal(message, ex.Status.Message);
        }

        return ex;
    }

    private static async Task Unary(Probe.ProbeClient client)
    {
        var reply = await client.UnaryAsync(new ProbeRequest { Message = "hello" }, deadline: Soon());
        Assert.Equal("hello", reply.Message);
    }

    private static async Task ServerStream(Probe.ProbeClient client)
    {
        using var call = client.ServerStream(new ProbeRequest { Message = "s", Count = 5 }, deadline: Soon());
        var replies = await ReadAllAsync(call.ResponseStream);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => ("s", i)), replies.Select(r => (r.Message, r.Index)));
        Assert.Equal(StatusCode.OK, call.GetStatus().Code);

        using var empty = client.ServerStream(new ProbeRequest { Count = 0 }, deadline: Soon());
        Assert.Empty(await ReadAllAsync(empty.ResponseStream));
    }

    private static async Task ClientStream(Probe.ProbeClient client)
    {
        using var call = client.ClientStream(deadline: Soon());
        foreach (var message in new[] { "a", "b", "c" })
        {
            await call.RequestStream.WriteAsync(new ProbeRequest { Message = message });
        }

        await call.RequestStream.CompleteAsync();
        Assert.Equal("a,b,c", (await call.ResponseAsync).Message);

        using var empty = client.ClientStream(deadline: Soon());
        await empty.RequestStream.CompleteAsync();
        Assert.Equal("", (await empty.ResponseAsync).Message);
    }

    private static async Task Duplex(Probe.ProbeClient client)
    {
        // Ping-pong: each request is written only after the previous reply was read.
        using var call = client.Duplex(deadline: Soon());
        for (var i = 0; i < 3; i++)
        {
            await call.RequestStream.WriteAsync(new ProbeRequest { Message = $"ping {i}" });
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None), $"no reply {i}");
            Assert.Equal(($"ping {i}", i), (call.ResponseStream.Current.Message, call.ResponseStream.Current.Index));
        }

        await call.RequestStream.CompleteAsync();
        Assert.False(await call.ResponseStream.MoveNext(CancellationToken.None), "extra reply");
        Assert.Equal(StatusCode.OK, call.GetStatus().Code);
    }

    private static async Task ErrorUnary(Probe.ProbeClient client)
    {
        var request = new ProbeRequest { FailCode = (int)StatusCode.InvalidArgument, FailMessage = InteropCases.ErrorMessage };
        await ExpectErrorAsync(async () => await client.UnaryAsync(request, deadline: Soon()), StatusCode.InvalidArgument, InteropCases.ErrorMessage);

        request = new ProbeRequest { FailCode = (int)StatusCode.NotFound, FailMessage = "plain" };
        await ExpectErrorAsync(async () => await client.UnaryAsync(request, deadline: Soon()), StatusCode.NotFound, "plain");

        // An error from a client-streaming call, raised on the second request.
        using var call = client.ClientStream(deadline: Soon());
        await call.RequestStream.WriteAsync(new ProbeRequest { Message = "ok" });
        try
        {
            await call.RequestStream.WriteAsync(new ProbeRequest { FailCode = (int)StatusCode.PermissionDenied, FailMessage = InteropCases.ErrorMessage });
        }
        catch (GrpcException ex)
        {
            // The server can end the call (and reset the stream) before this write's flush returns;
            // the write then reports the call's status. Either way the status must be the server's.
            Assert.Equal(new Status(StatusCode.PermissionDenied, InteropCases.ErrorMessage), ex.Status);
        }

        await ExpectErrorAsync(() => call.ResponseAsync, StatusCode.PermissionDenied, InteropCases.ErrorMessage);
    }

    private static async Task ErrorAfterStream(Probe.ProbeClient client)
    {
        using var call = client.ServerStream(
            new ProbeRequest { Message = "m", Count = 3, FailCode = (int)StatusCode.Aborted, FailMessage = InteropCases.ErrorMessage },
            deadline: Soon());
        var received = new List<int>();
        await ExpectErrorAsync(
            async () =>
            {
                while (await call.ResponseStream.MoveNext(CancellationToken.None))
                {
                    received.Add(call.ResponseStream.Current.Index);
                }
            },
            StatusCode.Aborted,
            InteropCases.ErrorMessage);
        Assert.Equal([0, 1, 2], received);
        Assert.Equal(new Status(StatusCode.Aborted, InteropCases.ErrorMessage), call.GetStatus());
    }

    private static async Task MetadataEcho(Probe.ProbeClient client)
    {
        var sent = new Metadata { { "x-text", "hello world" }, { "x-data-bin", BinaryValue }, { "other", "not echoed" } };

        // Unary success.
        using (var call = client.UnaryAsync(new ProbeRequest { Message = "md", EchoMetadata = true }, headers: sent, deadline: Soon()))
        {
            var initial = await call.ResponseHeadersAsync;
            Assert.Equal("md", (await call).Message);
            AssertEchoed(initial, call.GetTrailers(), "unary");
        }

        // Unary failure: the trailers come with the error status.
        using (var call = client.UnaryAsync(
            new ProbeRequest { EchoMetadata = true, FailCode = (int)StatusCode.FailedPrecondition, FailMessage = "with trailers" },
            headers: sent,
            deadline: Soon()))
        {
            var ex = await ExpectErrorAsync(() => call.ResponseAsync, StatusCode.FailedPrecondition, "with trailers");
            AssertEchoed(await call.ResponseHeadersAsync, ex.Trailers, "unary error");
            AssertEchoed(await call.ResponseHeadersAsync, call.GetTrailers(), "unary error (GetTrailers)");
        }

        // Server streaming: headers arrive before the messages.
        using (var call = client.ServerStream(new ProbeRequest { Message = "md", Count = 2, EchoMetadata = true }, headers: sent, deadline: Soon()))
        {
            var initial = await call.ResponseHeadersAsync;
            Assert.Equal(2, (await ReadAllAsync(call.ResponseStream)).Count);
            AssertEchoed(initial, call.GetTrailers(), "server stream");
        }
    }

    private static void AssertEchoed(Metadata initial, Metadata trailers, string what)
    {
        Assert.True(initial.GetValue("x-text") == "hello world", $"{what}: initial x-text: {Dump(initial)}");
        Assert.True(initial.Get("x-data-bin") is { IsBinary: true } bin && bin.ValueBytes.SequenceEqual(BinaryValue), $"{what}: initial x-data-bin: {Dump(initial)}");
        Assert.True(initial.Get("other") is null, $"{what}: 'other' echoed: {Dump(initial)}");
        Assert.True(trailers.GetValue("x-text-trailer") == "hello world", $"{what}: trailer x-text-trailer: {Dump(trailers)}");
        Assert.True(trailers.Get("x-data-trailer-bin") is { IsBinary: true } tbin && tbin.ValueBytes.SequenceEqual(BinaryValue), $"{what}: trailer x-data-trailer-bin: {Dump(trailers)}");
    }

    private static string Dump(Metadata metadata) => "[" + string.Join(", ", metadata.Select(e => e.ToString())) + "]";

    private static async Task Deadline(Probe.ProbeClient client)
    {
        var stopwatch = Stopwatch.StartNew();
        await ExpectErrorAsync(
            async () => await client.UnaryAsync(new ProbeRequest { SleepMs = 5000 }, deadline: DateTime.UtcNow.AddMilliseconds(300)),
            StatusCode.DeadlineExceeded);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(3), $"DEADLINE_EXCEEDED took {stopwatch.Elapsed}");

        // Same for a server-streaming call.
        using (var call = client.ServerStream(new ProbeRequest { Count = 1, SleepMs = 5000 }, deadline: DateTime.UtcNow.AddMilliseconds(300)))
        {
            await ExpectErrorAsync(() => ReadAllAsync(call.ResponseStream), StatusCode.DeadlineExceeded);
        }

        // The server sees the deadline (grpc-timeout) ...
        var reply = await client.UnaryAsync(new ProbeRequest { Message = "d" }, deadline: Soon());
        Assert.Equal("set", reply.PeerDeadline);

        // ... and none when none is set (the wait is bounded by the case timeout instead).
        reply = await client.UnaryAsync(new ProbeRequest { Message = "d" });
        Assert.Equal("none", reply.PeerDeadline);
    }

    private static async Task Cancellation(Probe.ProbeClient client)
    {
        // Duplex first: the reply to the first request proves the server method is running, so the
        // cancellation (RST_STREAM) must reach it while it sleeps on the second request.
        using (var cts = new CancellationTokenSource())
        using (var call = client.Duplex(deadline: Soon(), cancellationToken: cts.Token))
        {
            await call.RequestStream.WriteAsync(new ProbeRequest { Message = "first" });
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None), "no reply to the first request");
            await call.RequestStream.WriteAsync(new ProbeRequest { Message = "second", SleepMs = 5000 });
            await Task.Delay(200);
            var stopwatch = Stopwatch.StartNew();
            cts.Cancel();
            await ExpectErrorAsync(() => call.ResponseStream.MoveNext(CancellationToken.None), StatusCode.Cancelled);
            Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(3), $"CANCELLED took {stopwatch.Elapsed}");
        }

        // A unary call cancelled while the server sleeps (the channel is connected by now).
        using (var cts = new CancellationTokenSource())
        using (var call = client.UnaryAsync(new ProbeRequest { SleepMs = 5000 }, deadline: Soon(), cancellationToken: cts.Token))
        {
            await Task.Delay(200);
            var stopwatch = Stopwatch.StartNew();
            cts.Cancel();
            await ExpectErrorAsync(() => call.ResponseAsync, StatusCode.Cancelled);
            Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(3), $"CANCELLED took {stopwatch.Elapsed}");
        }

        // The channel still works.
        var reply = await client.UnaryAsync(new ProbeRequest { Message = "after" }, deadline: Soon());
        Assert.Equal("after", reply.Message);
    }

    private static async Task UnimplementedMethod(GrpcChannel channel, WireRecorder wire)
    {
        var invoker = channel.CreateCallInvoker();
        foreach (var (service, method) in new[] { ("faultline.interop.Probe", "Nope"), ("faultline.interop.NoSuchService", "Unary") })
        {
            var descriptor = new Method<ProbeRequest, ProbeReply>(
                MethodType.Unary, service, method, Marshallers.ForProtobuf(ProbeRequest.Parser), Marshallers.ForProtobuf(ProbeReply.Parser));
            using var call = invoker.AsyncUnaryCall(descriptor, null, new CallOptions(deadline: Soon()), new ProbeRequest());
            await ExpectErrorAsync(() => call.ResponseAsync, StatusCode.Unimplemented);
            Assert.Equal((200, "12"), (wire.Exchanges[^1].HttpStatus, wire.Exchanges[^1].TrailersOnlyGrpcStatus));
        }
    }

    private static async Task LargeMessage(Probe.ProbeClient client)
    {
        var payload = string.Create(1024 * 1024, 0, (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = (char)('a' + (i % 26));
            }
        });
        var reply = await client.UnaryAsync(new ProbeRequest { Message = payload }, deadline: Soon());
        Assert.True(reply.Message == payload, $"1 MiB unary echo differs (got {reply.Message.Length} chars)");

        using var call = client.ServerStream(new ProbeRequest { Message = payload, Count = 2 }, deadline: Soon());
        var replies = await ReadAllAsync(call.ResponseStream);
        Assert.True(replies.Count == 2 && replies.All(r => r.Message == payload), "1 MiB server stream echo differs");
    }

    private static async Task Compression(Probe.ProbeClient client, WireRecorder wire)
    {
        // Requests gzip-compressed by the client; "compress-reply" asks the server to gzip its responses too.
        var payload = string.Concat(Enumerable.Repeat("compress me ", 10000));
        var replyGzip = new Metadata { { "compress-reply", "gzip" } };

        var reply = await client.UnaryAsync(new ProbeRequest { Message = payload }, new CallOptions(deadline: Soon(), compression: "gzip"));
        Assert.True(reply.Message == payload, "gzip request: unary echo differs");
        Assert.Equal("gzip", wire.Exchanges[^1].RequestEncoding);

        reply = await client.UnaryAsync(new ProbeRequest { Message = payload }, new CallOptions(headers: replyGzip, deadline: Soon(), compression: "gzip"));
        Assert.True(reply.Message == payload, "gzip both ways: unary echo differs");
        Assert.Equal(("gzip", "gzip"), (wire.Exchanges[^1].RequestEncoding, wire.Exchanges[^1].ResponseEncoding));

        using (var call = client.ServerStream(new ProbeRequest { Message = payload, Count = 3 }, headers: replyGzip, deadline: Soon()))
        {
            var replies = await ReadAllAsync(call.ResponseStream);
            Assert.True(replies.Count == 3 && replies.All(r => r.Message == payload), "gzip replies: server stream echo differs");
            Assert.Equal("gzip", wire.Exchanges[^1].ResponseEncoding);
        }

        using (var call = client.ClientStream(new CallOptions(deadline: Soon(), compression: "gzip")))
        {
            for (var i = 0; i < 3; i++)
            {
                await call.RequestStream.WriteAsync(new ProbeRequest { Message = new string('x', 1000) });
            }

            await call.RequestStream.CompleteAsync();
            Assert.Equal(string.Join(",", Enumerable.Repeat(new string('x', 1000), 3)), (await call.ResponseAsync).Message);
            Assert.Equal("gzip", wire.Exchanges[^1].RequestEncoding);
        }
    }
}
