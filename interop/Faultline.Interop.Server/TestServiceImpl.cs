using System.Globalization;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Testing;

namespace Faultline.Interop.Server;

/// <summary>
/// grpc.testing.TestService with the server features of the interop spec (doc/interop-test-descriptions.md
/// in grpc/grpc): EmptyCall, UnaryCall, CacheableUnaryCall, StreamingOutputCall, StreamingInputCall,
/// FullDuplexCall, HalfDuplexCall; Echo Metadata, Echo Status, CompressedResponse, CompressedRequest and
/// ResponseParameters.interval_us (see <see cref="ServerFeatures"/>). UnimplementedCall is left to the
/// generated base, which answers UNIMPLEMENTED.
/// </summary>
internal sealed class TestServiceImpl : TestService.TestServiceBase
{
    public override async Task<Empty> EmptyCall(Empty request, ServerCallContext context)
    {
        await ServerFeatures.SendResponseHeadersAsync(context, compressResponses: false);
        ServerFeatures.EchoTrailingMetadata(context);
        return new Empty();
    }

    public override async Task<SimpleResponse> UnaryCall(SimpleRequest request, ServerCallContext context)
    {
        await ServerFeatures.SendResponseHeadersAsync(context, compressResponses: request.ResponseCompressed?.Value == true);
        ServerFeatures.EchoTrailingMetadata(context);
        ServerFeatures.CheckExpectedCompression(request.ExpectCompressed, context, messageIndex: 0);
        if (ServerFeatures.EchoedStatus(request.ResponseStatus) is { } status)
        {
            // The non-throwing path: the call ends with this status, the returned message is not sent.
            context.SetRichStatus(status);
            return new SimpleResponse();
        }

        return new SimpleResponse { Payload = CreatePayload(request.ResponseType, request.ResponseSize, "response_size") };
    }

    public override async Task<SimpleResponse> CacheableUnaryCall(SimpleRequest request, ServerCallContext context)
    {
        context.GetHttpContext().Response.Headers.CacheControl = "max-age=60, public";
        await ServerFeatures.SendResponseHeadersAsync(context, compressResponses: false);
        ServerFeatures.EchoTrailingMetadata(context);
        var nanoseconds = (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;
        return new SimpleResponse
        {
            Payload = new Payload { Type = PayloadType.Compressable, Body = ByteString.CopyFromUtf8(nanoseconds.ToString(CultureInfo.InvariantCulture)) },
        };
    }

    public override async Task StreamingOutputCall(StreamingOutputCallRequest request, IServerStreamWriter<StreamingOutputCallResponse> responseStream, ServerCallContext context)
    {
        await ServerFeatures.SendResponseHeadersAsync(context, compressResponses: AnyCompressed(request.ResponseParameters));
        ServerFeatures.EchoTrailingMetadata(context);
        await WriteResponsesAsync(request.ResponseType, request.ResponseParameters, responseStream, context);
        ThrowEchoedStatus(request.ResponseStatus);
    }

    public override async Task<StreamingInputCallResponse> StreamingInputCall(IAsyncStreamReader<StreamingInputCallRequest> requestStream, ServerCallContext context)
    {
        await ServerFeatures.SendResponseHeadersAsync(context, compressResponses: false);
        ServerFeatures.EchoTrailingMetadata(context);
        var index = 0;
        var aggregated = 0;
        while (await requestStream.MoveNext(context.CancellationToken))
        {
            var request = requestStream.Current;
            ServerFeatures.CheckExpectedCompression(request.ExpectCompressed, context, index++);
            aggregated += request.Payload?.Body.Length ?? 0;
        }

        return new StreamingInputCallResponse { AggregatedPayloadSize = aggregated };
    }

    public override async Task FullDuplexCall(IAsyncStreamReader<StreamingOutputCallRequest> requestStream, IServerStreamWriter<StreamingOutputCallResponse> responseStream, ServerCallContext context)
    {
        // Echoed headers go out at once; otherwise the first request with responses decides the response compression.
        var headersSent = ServerFeatures.HasEchoInitialMetadata(context);
        if (headersSent)
        {
            await ServerFeatures.SendResponseHeadersAsync(context, compressResponses: false);
        }

        ServerFeatures.EchoTrailingMetadata(context);
        while (await requestStream.MoveNext(context.CancellationToken))
        {
            var request = requestStream.Current;
            ThrowEchoedStatus(request.ResponseStatus);
            if (!headersSent && request.ResponseParameters.Count > 0)
            {
                await ServerFeatures.SendResponseHeadersAsync(context, compressResponses: AnyCompressed(request.ResponseParameters));
                headersSent = true;
            }

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

        await ServerFeatures.SendResponseHeadersAsync(context, compressResponses: AnyCompressed(requests.SelectMany(r => r.ResponseParameters)));
        ServerFeatures.EchoTrailingMetadata(context);
        foreach (var request in requests)
        {
            ThrowEchoedStatus(request.ResponseStatus);
            await WriteResponsesAsync(request.ResponseType, request.ResponseParameters, responseStream, context);
        }
    }

    private static bool AnyCompressed(IEnumerable<ResponseParameters> parameters) => parameters.Any(p => p.Compressed?.Value == true);

    /// <summary>Echo Status in a streaming call: the typed Faultline exception for the requested code ends it.</summary>
    private static void ThrowEchoedStatus(EchoStatus? requested)
    {
        if (ServerFeatures.EchoedStatus(requested) is { } status)
        {
            throw GrpcException.Create(status);
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

            // Per message: compressed only when asked (the call's grpc-encoding applies), else the flag stays 0.
            responseStream.WriteOptions = parameter.Compressed?.Value == true ? null : new WriteOptions(WriteFlags.NoCompress);
            await responseStream.WriteAsync(new StreamingOutputCallResponse { Payload = CreatePayload(type, parameter.Size, "response_parameters.size") });
        }
    }

    private static Payload CreatePayload(PayloadType type, int size, string sizeField)
    {
        if (type != PayloadType.Compressable)
        {
            throw RichStatus.Create(StatusCode.InvalidArgument, $"Unsupported response_type {type}: only COMPRESSABLE is supported.")
                .AddBadRequest(("response_type", "only COMPRESSABLE (0) is supported"))
                .ToException();
        }

        if (size < 0)
        {
            throw RichStatus.Create(StatusCode.InvalidArgument, $"Negative response size {size}.")
                .AddBadRequest((sizeField, "must not be negative"))
                .ToException();
        }

        return Payloads.Zeros(size);
    }
}
