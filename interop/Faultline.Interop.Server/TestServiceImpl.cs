using System.Globalization;
using Faultline.Interop.Server.WireTap;
using Faultline.Server;
using Google.Protobuf;
using Grpc.Testing;

namespace Faultline.Interop.Server;

/// <summary>
/// grpc.testing.TestService with the server features of the interop spec (doc/interop-test-descriptions.md
/// in grpc/grpc): EmptyCall, UnaryCall, CacheableUnaryCall, StreamingOutputCall, StreamingInputCall,
/// FullDuplexCall, HalfDuplexCall; Echo Metadata, Echo Status, CompressedResponse, CompressedRequest and
/// ResponseParameters.interval_us. UnimplementedCall is left to the generated base (UNIMPLEMENTED).
/// </summary>
public sealed class TestServiceImpl : TestService.TestServiceBase
{
    public const string EchoInitialKey = "x-grpc-test-echo-initial";
    public const string EchoTrailingKey = "x-grpc-test-echo-trailing-bin";
    private const string Gzip = "gzip";

    public override async Task<Empty> EmptyCall(Empty request, ServerCallContext context)
    {
        await EchoInitialMetadataAsync(context);
        EchoTrailingMetadata(context);
        return new Empty();
    }

    public override async Task<SimpleResponse> UnaryCall(SimpleRequest request, ServerCallContext context)
    {
        // Compression is chosen before anything (the echoed headers) starts the response.
        if (request.ResponseCompressed is { } responseCompressed)
        {
            context.SetResponseCompression(responseCompressed.Value ? Gzip : null);
        }

        await EchoInitialMetadataAsync(context);
        EchoTrailingMetadata(context);
        CheckExpectedCompression(request.ExpectCompressed, context, messageIndex: 0);
        EchoStatus(request.ResponseStatus);
        return new SimpleResponse { Payload = CreatePayload(request.ResponseType, request.ResponseSize) };
    }

    public override async Task<SimpleResponse> CacheableUnaryCall(SimpleRequest request, ServerCallContext context)
    {
        context.GetHttpContext().Response.Headers.CacheControl = "max-age=60, public";
        await EchoInitialMetadataAsync(context);
        EchoTrailingMetadata(context);
        var nanoseconds = (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;
        return new SimpleResponse
        {
            Payload = new Payload { Type = PayloadType.Compressable, Body = ByteString.CopyFromUtf8(nanoseconds.ToString(CultureInfo.InvariantCulture)) },
        };
    }

    public override async Task StreamingOutputCall(StreamingOutputCallRequest request, IServerStreamWriter<StreamingOutputCallResponse> responseStream, ServerCallContext context)
    {
        if (request.ResponseParameters.Any(p => p.Compressed?.Value == true))
        {
            context.SetResponseCompression(Gzip);
        }

        await EchoInitialMetadataAsync(context);
        EchoTrailingMetadata(context);
        await WriteResponsesAsync(request.ResponseType, request.ResponseParameters, responseStream, context);
        EchoStatus(request.ResponseStatus);
    }

    public override async Task<StreamingInputCallResponse> StreamingInputCall(IAsyncStreamReader<StreamingInputCallRequest> requestStream, ServerCallContext context)
    {
        await EchoInitialMetadataAsync(context);
        EchoTrailingMetadata(context);
        var index = 0;
        var aggregated = 0;
        while (await requestStream.MoveNext(context.CancellationToken))
        {
            var request = requestStream.Current;
            CheckExpectedCompression(request.ExpectCompressed, context, index++);
            aggregated += request.Payload?.Body.Length ?? 0;
        }

        return new StreamingInputCallResponse { AggregatedPayloadSize = aggregated };
    }

    public override async Task FullDuplexCall(IAsyncStreamReader<StreamingOutputCallRequest> requestStream, IServerStreamWriter<StreamingOutputCallResponse> responseStream, ServerCallContext context)
    {
        // Echoed headers go out at once; otherwise the first request decides the response compression.
        var responseStarted = await EchoInitialMetadataAsync(context);
        EchoTrailingMetadata(context);
        while (await requestStream.MoveNext(context.CancellationToken))
        {
            var request = requestStream.Current;
            EchoStatus(request.ResponseStatus);
            if (!responseStarted && request.ResponseParameters.Any(p => p.Compressed?.Value == true))
            {
                context.SetResponseCompression(Gzip);
            }

            responseStarted |= request.ResponseParameters.Count > 0;
            await WriteResponsesAsync(request.ResponseType, request.ResponseParameters, responseStream, context);
        }
    }

    public override async Task HalfDuplexCall(IAsyncStreamReader<StreamingOutputCallRequest> requestStream, IServerStreamWriter<StreamingOutputCallResponse> responseStream, ServerCallContext context)
    {
        var requests = new List<StreamingOutputCallRequest>();
        while (await requestStream.MoveNext(context.CancellationToken))
        {
            requests.Add(requestStream.Current);
        }

        if (requests.SelectMany(r => r.ResponseParameters).Any(p => p.Compressed?.Value == true))
        {
            context.SetResponseCompression(Gzip);
        }

        await EchoInitialMetadataAsync(context);
        EchoTrailingMetadata(context);
        foreach (var request in requests)
        {
            EchoStatus(request.ResponseStatus);
            await WriteResponsesAsync(request.ResponseType, request.ResponseParameters, responseStream, context);
        }
    }

    private static async Task WriteResponsesAsync(PayloadType type, IEnumerable<ResponseParameters> parameters, IServerStreamWriter<StreamingOutputCallResponse> responseStream, ServerCallContext context)
    {
        foreach (var parameter in parameters)
        {
            if (parameter.IntervalUs > 0)
            {
                await Task.Delay(TimeSpan.FromMicroseconds(parameter.IntervalUs), context.CancellationToken);
            }

            // Per message: compressed only when asked (the call's compression applies), else the flag stays 0.
            responseStream.WriteOptions = parameter.Compressed?.Value == true ? null : new WriteOptions(WriteFlags.NoCompress);
            await responseStream.WriteAsync(new StreamingOutputCallResponse { Payload = CreatePayload(type, parameter.Size) });
        }
    }

    private static Payload CreatePayload(PayloadType type, int size)
    {
        if (type != PayloadType.Compressable)
        {
            throw new GrpcException(StatusCode.InvalidArgument, $"Unsupported response_type {type}: only COMPRESSABLE is supported.");
        }

        if (size < 0)
        {
            throw new GrpcException(StatusCode.InvalidArgument, $"Negative response size {size}.");
        }

        return Payloads.Zeros(size);
    }

    /// <summary>Echo Metadata: <c>x-grpc-test-echo-initial</c> goes back as a response header. Returns whether headers were sent.</summary>
    private static async Task<bool> EchoInitialMetadataAsync(ServerCallContext context)
    {
        var initial = context.RequestHeaders.Get(EchoInitialKey);
        if (initial is null)
        {
            return false;
        }

        var headers = new Metadata();
        headers.Add(initial);
        await context.WriteResponseHeadersAsync(headers);
        return true;
    }

    /// <summary>Echo Metadata: <c>x-grpc-test-echo-trailing-bin</c> goes back as a trailer.</summary>
    private static void EchoTrailingMetadata(ServerCallContext context)
    {
        foreach (var trailing in context.RequestHeaders.GetAll(EchoTrailingKey))
        {
            context.ResponseTrailers.Add(trailing);
        }
    }

    /// <summary>Echo Status: a request's response_status ends the call with that code and message.</summary>
    private static void EchoStatus(EchoStatus? status)
    {
        if (status is not null && status.Code != 0)
        {
            throw new GrpcException(new Status((StatusCode)status.Code, status.Message));
        }
    }

    /// <summary>
    /// CompressedRequest: with expect_compressed set, the request message must (true) or must not (false)
    /// have arrived with the compressed flag; otherwise INVALID_ARGUMENT.
    /// </summary>
    private static void CheckExpectedCompression(BoolValue? expectCompressed, ServerCallContext context, int messageIndex)
    {
        if (expectCompressed is null)
        {
            return;
        }

        var compressed = WasCompressed(context, messageIndex, out var evidence);
        if (expectCompressed.Value != compressed)
        {
            throw new GrpcException(
                StatusCode.InvalidArgument,
                $"Request message #{messageIndex} expect_compressed={expectCompressed.Value.ToString().ToLowerInvariant()}, but it was {(compressed ? "compressed" : "not compressed")} ({evidence}).");
        }
    }

    /// <summary>
    /// Whether request message <paramref name="messageIndex"/> arrived compressed. Faultline's API does
    /// not expose the per-message compressed flag, so the wire tap's frame scanner reads it off the
    /// request body; without the tap only the call's grpc-encoding can be checked (a weaker test).
    /// </summary>
    private static bool WasCompressed(ServerCallContext context, int messageIndex, out string evidence)
    {
        var http = context.GetHttpContext();
        if (WireTapMiddleware.Get(http)?.RequestFrames.TryGet(messageIndex) is { } frame)
        {
            evidence = $"compressed flag {(frame.Compressed ? 1 : 0)} on the wire";
            return frame.Compressed;
        }

        var encoding = http.Request.Headers["grpc-encoding"].ToString();
        evidence = $"no frame record; grpc-encoding '{encoding}'";
        return encoding.Length > 0 && !string.Equals(encoding, "identity", StringComparison.OrdinalIgnoreCase);
    }
}
