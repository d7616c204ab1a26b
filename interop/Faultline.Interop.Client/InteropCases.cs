using Grpc.Core;
using Grpc.Testing;
using static Faultline.Interop.Client.CaseChecks;

namespace Faultline.Interop.Client;

/// <summary>
/// The interop cases, as doc/interop-test-descriptions.md in grpc/grpc describes them. Each returns
/// null or a note for the PASS line, and throws <see cref="CaseFailedException"/> (or lets a
/// <see cref="GrpcException"/> escape) on failure. Where a case expects a call to fail, it expects
/// the typed exception of that status from Faultline's client pipeline.
/// </summary>
internal static class InteropCases
{
    public const string EchoInitialKey = "x-grpc-test-echo-initial";
    public const string EchoInitialValue = "test_initial_metadata_value";
    public const string EchoTrailingKey = "x-grpc-test-echo-trailing-bin";
    public const string SpecialStatusMessage = "\t\ntest with whitespace\r\nand Unicode BMP \u263A and non-BMP \U0001F608\t\n";
    private static readonly byte[] EchoTrailingValue = [0xab, 0xab, 0xab];

    // grpc-dotnet's way of compressing a call's requests: this call header becomes grpc-encoding, and
    // every message is compressed unless written with WriteFlags.NoCompress.
    private const string RequestCompressionHeader = "grpc-internal-encoding-request";

    private const string NoWireChecks = "wire checks off (--wire_checks=false): compressed flags not checked";
    private const string ProbeSkipped = "probe skipped (--skip_compression_probe): the server cannot check expect_compressed";

    /// <summary>Name → case, in the order <c>--test_case=all</c> runs them (the order of the issue's list).</summary>
    public static IReadOnlyDictionary<string, Func<CaseContext, Task<string?>>> All { get; } = new Dictionary<string, Func<CaseContext, Task<string?>>>
    {
        ["empty_unary"] = EmptyUnary,
        ["large_unary"] = LargeUnary,
        ["client_streaming"] = ClientStreaming,
        ["server_streaming"] = ServerStreaming,
        ["ping_pong"] = PingPong,
        ["empty_stream"] = EmptyStream,
        ["status_code_and_message"] = StatusCodeAndMessage,
        ["special_status_message"] = SpecialStatusMessageCase,
        ["custom_metadata"] = CustomMetadata,
        ["unimplemented_method"] = UnimplementedMethod,
        ["unimplemented_service"] = UnimplementedServiceCase,
        ["cancel_after_begin"] = CancelAfterBegin,
        ["cancel_after_first_response"] = CancelAfterFirstResponse,
        ["timeout_on_sleeping_server"] = TimeoutOnSleepingServer,
        ["client_compressed_unary"] = ClientCompressedUnary,
        ["server_compressed_unary"] = ServerCompressedUnary,
        ["client_compressed_streaming"] = ClientCompressedStreaming,
        ["server_compressed_streaming"] = ServerCompressedStreaming,
    };

    public static IReadOnlyList<string> Names { get; } = All.Keys.ToArray();

    private static Metadata Gzip => new() { { RequestCompressionHeader, "gzip" } };

    private static async Task<string?> EmptyUnary(CaseContext c)
    {
        var mark = c.Tap?.Mark() ?? 0;
        var response = await c.Client.EmptyCallAsync(new Empty());
        Check(response is not null, "the response is null");
        if (c.Tap is null)
        {
            return null;
        }

        // The spec's "ideally": both messages are zero bytes on the wire.
        var exchange = Single(c.Tap, mark, "EmptyCall");
        Check(exchange.RequestFrames.Frames is [{ Length: 0 }], $"the request is not one zero-length message on the wire: {exchange.RequestFrames}");
        Check(exchange.ResponseFrames.Frames is [{ Length: 0 }], $"the response is not one zero-length message on the wire: {exchange.ResponseFrames}");
        return null;
    }

    private static async Task<string?> LargeUnary(CaseContext c)
    {
        var response = await c.Client.UnaryCallAsync(LargeRequest());
        CheckPayload(response.Payload, 314159, "response");
        return null;
    }

    private static async Task<string?> ClientCompressedUnary(CaseContext c)
    {
        var mark = c.Tap?.Mark() ?? 0;
        var probed = !c.Settings.SkipCompressionProbe;
        if (probed)
        {
            // 1. The feature probe: an uncompressed request claiming to be compressed must be refused.
            var probe = LargeRequest();
            probe.ExpectCompressed = new BoolValue { Value = true };
            await ExpectFailureAsync<InvalidArgumentException>(() => c.Client.UnaryCallAsync(probe).ResponseAsync, what: "the uncompressed probe (expect_compressed=true)");
        }

        // 2. Compressed.
        var compressed = LargeRequest();
        compressed.ExpectCompressed = new BoolValue { Value = true };
        var response = await c.Client.UnaryCallAsync(compressed, headers: Gzip);
        CheckPayload(response.Payload, 314159, "response to the compressed request");

        // 3. Uncompressed.
        var uncompressed = LargeRequest();
        uncompressed.ExpectCompressed = new BoolValue { Value = false };
        response = await c.Client.UnaryCallAsync(uncompressed);
        CheckPayload(response.Payload, 314159, "response to the uncompressed request");

        if (c.Tap is null)
        {
            return NoWireChecks;
        }

        var calls = c.Tap.Since(mark, "UnaryCall");
        var expected = probed ? new[] { false, true, false } : [true, false];
        Check(calls.Count == expected.Length, $"expected {expected.Length} UnaryCall exchanges, saw {calls.Count}");
        for (var i = 0; i < expected.Length; i++)
        {
            CheckFlags(calls[i].RequestFrames, [expected[i]], $"request of call {i + 1}");
        }

        var gzipCall = calls[probed ? 1 : 0];
        Check(gzipCall.RequestEncoding == "gzip", $"the compressed request's grpc-encoding is {gzipCall.RequestEncoding ?? "absent"}, expected gzip");
        return probed ? null : ProbeSkipped;
    }

    private static async Task<string?> ServerCompressedUnary(CaseContext c)
    {
        var mark = c.Tap?.Mark() ?? 0;
        foreach (var compressed in new[] { true, false })
        {
            var request = LargeRequest();
            request.ResponseCompressed = new BoolValue { Value = compressed };
            var response = await c.Client.UnaryCallAsync(request);
            CheckPayload(response.Payload, 314159, $"response (response_compressed={Lower(compressed)})");
        }

        if (c.Tap is null)
        {
            return NoWireChecks;
        }

        var calls = c.Tap.Since(mark, "UnaryCall");
        Check(calls.Count == 2, $"expected 2 UnaryCall exchanges, saw {calls.Count}");
        CheckFlags(calls[0].ResponseFrames, [true], "response to response_compressed=true");
        CheckFlags(calls[1].ResponseFrames, [false], "response to response_compressed=false");
        return null;
    }

    private static async Task<string?> ClientStreaming(CaseContext c)
    {
        using var call = c.Client.StreamingInputCall();
        foreach (var size in new[] { 27182, 8, 1828, 45904 })
        {
            await call.RequestStream.WriteAsync(new StreamingInputCallRequest { Payload = Payloads.Zeros(size) });
        }

        await call.RequestStream.CompleteAsync();
        var response = await call.ResponseAsync;
        Check(response.AggregatedPayloadSize == 74922, $"aggregated_payload_size is {response.AggregatedPayloadSize}, expected 74922");
        return null;
    }

    private static async Task<string?> ClientCompressedStreaming(CaseContext c)
    {
        var mark = c.Tap?.Mark() ?? 0;
        var probed = !c.Settings.SkipCompressionProbe;
        if (probed)
        {
            // 1. The feature probe: an uncompressed message claiming to be compressed must be refused.
            using var probe = c.Client.StreamingInputCall();
            try
            {
                await probe.RequestStream.WriteAsync(new StreamingInputCallRequest { ExpectCompressed = new BoolValue { Value = true }, Payload = Payloads.Zeros(27182) });
                await probe.RequestStream.CompleteAsync();
            }
            catch (InvalidArgumentException)
            {
                // The server may end the call before the request stream is complete; the response tells.
            }

            await ExpectFailureAsync<InvalidArgumentException>(() => probe.ResponseAsync, what: "the uncompressed probe (expect_compressed=true)");
        }

        // 2. One gzip call: the first message compressed, the second not (grpc-dotnet's per-message NoCompress).
        using var call = c.Client.StreamingInputCall(headers: Gzip);
        await call.RequestStream.WriteAsync(new StreamingInputCallRequest { ExpectCompressed = new BoolValue { Value = true }, Payload = Payloads.Zeros(27182) });
        call.RequestStream.WriteOptions = new WriteOptions(WriteFlags.NoCompress);
        await call.RequestStream.WriteAsync(new StreamingInputCallRequest { ExpectCompressed = new BoolValue { Value = false }, Payload = Payloads.Zeros(45904) });
        await call.RequestStream.CompleteAsync();
        var response = await call.ResponseAsync;
        Check(response.AggregatedPayloadSize == 73086, $"aggregated_payload_size is {response.AggregatedPayloadSize}, expected 73086");

        if (c.Tap is null)
        {
            return NoWireChecks;
        }

        var calls = c.Tap.Since(mark, "StreamingInputCall");
        Check(calls.Count == (probed ? 2 : 1), $"expected {(probed ? 2 : 1)} StreamingInputCall exchanges, saw {calls.Count}");
        if (probed)
        {
            CheckFlags(calls[0].RequestFrames, [false], "probe request");
        }

        var main = calls[^1];
        CheckFlags(main.RequestFrames, [true, false], "requests of the compressed call");
        Check(main.RequestEncoding == "gzip", $"the compressed call's grpc-encoding is {main.RequestEncoding ?? "absent"}, expected gzip");
        return probed ? null : ProbeSkipped;
    }

    private static async Task<string?> ServerStreaming(CaseContext c)
    {
        int[] sizes = [31415, 9, 2653, 58979];
        var request = new StreamingOutputCallRequest { ResponseType = PayloadType.Compressable };
        request.ResponseParameters.AddRange(sizes.Select(s => new ResponseParameters { Size = s }));
        using var call = c.Client.StreamingOutputCall(request);
        var responses = await ReadAllAsync(call.ResponseStream);
        CheckSizes(responses, sizes);
        CheckStatus(call.GetStatus(), StatusCode.OK);
        return null;
    }

    private static async Task<string?> ServerCompressedStreaming(CaseContext c)
    {
        var mark = c.Tap?.Mark() ?? 0;
        var request = new StreamingOutputCallRequest { ResponseType = PayloadType.Compressable };
        request.ResponseParameters.Add(new ResponseParameters { Compressed = new BoolValue { Value = true }, Size = 31415 });
        request.ResponseParameters.Add(new ResponseParameters { Compressed = new BoolValue { Value = false }, Size = 92653 });
        using var call = c.Client.StreamingOutputCall(request);
        var responses = await ReadAllAsync(call.ResponseStream);
        CheckSizes(responses, [31415, 92653]);
        CheckStatus(call.GetStatus(), StatusCode.OK);

        if (c.Tap is null)
        {
            return NoWireChecks;
        }

        CheckFlags(Single(c.Tap, mark, "StreamingOutputCall").ResponseFrames, [true, false], "responses");
        return null;
    }

    private static async Task<string?> PingPong(CaseContext c)
    {
        (int ResponseSize, int PayloadSize)[] steps = [(31415, 27182), (9, 8), (2653, 1828), (58979, 45904)];
        using var call = c.Client.FullDuplexCall();
        for (var i = 0; i < steps.Length; i++)
        {
            var request = new StreamingOutputCallRequest { ResponseType = PayloadType.Compressable, Payload = Payloads.Zeros(steps[i].PayloadSize) };
            request.ResponseParameters.Add(new ResponseParameters { Size = steps[i].ResponseSize });
            await call.RequestStream.WriteAsync(request);
            Check(await call.ResponseStream.MoveNext(CancellationToken.None), $"the response stream ended before response {i + 1}");
            CheckPayload(call.ResponseStream.Current.Payload, steps[i].ResponseSize, $"response {i + 1}");
        }

        await call.RequestStream.CompleteAsync();
        Check(!await call.ResponseStream.MoveNext(CancellationToken.None), "a fifth response arrived");
        CheckStatus(call.GetStatus(), StatusCode.OK);
        return null;
    }

    private static async Task<string?> EmptyStream(CaseContext c)
    {
        using var call = c.Client.FullDuplexCall();
        await call.RequestStream.CompleteAsync();
        var responses = await ReadAllAsync(call.ResponseStream);
        Check(responses.Count == 0, $"{responses.Count} responses, expected none");
        CheckStatus(call.GetStatus(), StatusCode.OK);
        return null;
    }

    private static async Task<string?> StatusCodeAndMessage(CaseContext c)
    {
        const string message = "test status message";
        var status = new EchoStatus { Code = (int)StatusCode.Unknown, Message = message };
        await ExpectFailureAsync<UnknownException>(() => c.Client.UnaryCallAsync(new SimpleRequest { ResponseStatus = status }).ResponseAsync, message, "UnaryCall");

        using var call = c.Client.FullDuplexCall();
        await call.RequestStream.WriteAsync(new StreamingOutputCallRequest { ResponseStatus = status });
        try
        {
            await call.RequestStream.CompleteAsync();
        }
        catch (UnknownException)
        {
            // The server may end the call first; the response stream reports how.
        }

        await ExpectFailureAsync<UnknownException>(() => ReadAllAsync(call.ResponseStream), message, "FullDuplexCall");
        return null;
    }

    private static async Task<string?> SpecialStatusMessageCase(CaseContext c)
    {
        var status = new EchoStatus { Code = (int)StatusCode.Unknown, Message = SpecialStatusMessage };
        await ExpectFailureAsync<UnknownException>(() => c.Client.UnaryCallAsync(new SimpleRequest { ResponseStatus = status }).ResponseAsync, SpecialStatusMessage, "UnaryCall");
        return null;
    }

    private static async Task<string?> CustomMetadata(CaseContext c)
    {
        var headers = new Metadata
        {
            { EchoInitialKey, EchoInitialValue },
            { EchoTrailingKey, EchoTrailingValue },
        };

        using (var unary = c.Client.UnaryCallAsync(LargeRequest(), headers: headers))
        {
            var response = await unary.ResponseAsync;
            CheckPayload(response.Payload, 314159, "UnaryCall response");
            CheckEcho(await unary.ResponseHeadersAsync, unary.GetTrailers(), "UnaryCall");
        }

        using var call = c.Client.FullDuplexCall(headers: headers);
        var request = new StreamingOutputCallRequest { ResponseType = PayloadType.Compressable, Payload = Payloads.Zeros(271828) };
        request.ResponseParameters.Add(new ResponseParameters { Size = 314159 });
        await call.RequestStream.WriteAsync(request);
        await call.RequestStream.CompleteAsync();
        var initial = await call.ResponseHeadersAsync;
        var responses = await ReadAllAsync(call.ResponseStream);
        CheckSizes(responses, [314159]);
        CheckEcho(initial, call.GetTrailers(), "FullDuplexCall");
        return null;
    }

    private static async Task<string?> UnimplementedMethod(CaseContext c)
    {
        await ExpectFailureAsync<UnimplementedException>(() => c.Client.UnimplementedCallAsync(new Empty()).ResponseAsync);
        return null;
    }

    private static async Task<string?> UnimplementedServiceCase(CaseContext c)
    {
        await ExpectFailureAsync<UnimplementedException>(() => c.UnimplementedServiceClient.UnimplementedCallAsync(new Empty()).ResponseAsync);
        return null;
    }

    private static async Task<string?> CancelAfterBegin(CaseContext c)
    {
        var mark = c.Tap?.Mark() ?? 0;
        using var cts = new CancellationTokenSource();
        using var call = c.Client.StreamingInputCall(cancellationToken: cts.Token);
        if (c.Tap is not null)
        {
            // "after metadata has been sent": wait until the HTTP stack sends the request (headers first).
            var exchange = await c.Tap.WaitForExchangeAsync(mark, "StreamingInputCall", TimeSpan.FromSeconds(10));
            Check(exchange is not null, "the StreamingInputCall request did not reach the wire within 10 s");
            await exchange.RequestBodyStarted.WaitAsync(TimeSpan.FromSeconds(10));
        }

        cts.Cancel();
        await ExpectFailureAsync<CancelledException>(() => call.ResponseAsync);
        CheckStatus(call.GetStatus(), StatusCode.Cancelled);
        return null;
    }

    private static async Task<string?> CancelAfterFirstResponse(CaseContext c)
    {
        using var cts = new CancellationTokenSource();
        using var call = c.Client.FullDuplexCall(cancellationToken: cts.Token);
        var request = new StreamingOutputCallRequest { ResponseType = PayloadType.Compressable, Payload = Payloads.Zeros(27182) };
        request.ResponseParameters.Add(new ResponseParameters { Size = 31415 });
        await call.RequestStream.WriteAsync(request);
        Check(await call.ResponseStream.MoveNext(CancellationToken.None), "the response stream ended before the first response");
        CheckPayload(call.ResponseStream.Current.Payload, 31415, "first response");

        cts.Cancel();
        await ExpectFailureAsync<CancelledException>(() => call.ResponseStream.MoveNext(CancellationToken.None), what: "reading after the cancellation");
        CheckStatus(call.GetStatus(), StatusCode.Cancelled);
        return null;
    }

    private static async Task<string?> TimeoutOnSleepingServer(CaseContext c)
    {
        using var call = c.Client.FullDuplexCall(deadline: DateTime.UtcNow.AddMilliseconds(1));
        try
        {
            await call.RequestStream.WriteAsync(new StreamingOutputCallRequest { Payload = Payloads.Zeros(27182) });
        }
        catch (GrpcException ex) when (ex is DeadlineExceededException or CancelledException)
        {
            // The deadline may pass before the message is written. grpc-dotnet reports a write the
            // deadline interrupted as CANCELLED while the call's own status is not settled yet; that
            // status is what the case checks, below.
        }

        await ExpectFailureAsync<DeadlineExceededException>(() => call.ResponseStream.MoveNext(CancellationToken.None));
        CheckStatus(call.GetStatus(), StatusCode.DeadlineExceeded);
        return null;
    }

    private static SimpleRequest LargeRequest() => new()
    {
        ResponseType = PayloadType.Compressable,
        ResponseSize = 314159,
        Payload = Payloads.Zeros(271828),
    };

    private static void CheckEcho(Metadata initial, Metadata trailers, string what)
    {
        Check(initial.GetValue(EchoInitialKey) == EchoInitialValue, $"{what}: initial metadata lacks {EchoInitialKey}: {EchoInitialValue} (got: {Describe(initial)})");
        var trailing = trailers.Get(EchoTrailingKey);
        Check(trailing is { IsBinary: true } && trailing.ValueBytes.AsSpan().SequenceEqual(EchoTrailingValue), $"{what}: trailing metadata lacks {EchoTrailingKey}: 0xababab (got: {Describe(trailers)})");
    }

    private static string Describe(Metadata metadata) =>
        metadata.Count == 0 ? "none" : string.Join(", ", metadata.Select(e => e.IsBinary ? $"{e.Key}=0x{Convert.ToHexStringLower(e.ValueBytes)}" : $"{e.Key}={e.Value}"));
}
