using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using Faultline.Bench;
using Google.Protobuf;

namespace Faultline.LoadTest;

/// <summary>
/// The ceiling: gRPC spoken by hand on Kestrel, with only what these two calls need. It reads the
/// request to its end and checks it is one uncompressed length-prefixed frame; the success path
/// echoes that frame and writes <c>grpc-status: 0</c> as a trailer; the error path answers
/// Trailers-Only (the status in the response headers, as grpc-dotnet answers a failure before any
/// message) with a <c>grpc-status-details-bin</c> serialized once at start-up.
/// </summary>
internal static class RawGrpcHandler
{
    private const string GrpcContentType = "application/grpc";
    private static readonly string StatusDetails = Convert.ToBase64String(QuotaError.ToStatusProto().ToByteArray());
    private static readonly string StatusCode = ((int)QuotaError.Code).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static void Map(WebApplication app)
    {
        app.MapPost("/bench.Bench/Echo", EchoAsync);
        app.MapPost("/bench.Bench/Fail", FailAsync);
    }

    private static async Task EchoAsync(HttpContext context)
    {
        var reader = context.Request.BodyReader;
        var frame = await ReadFrameAsync(reader);
        var response = context.Response;
        response.ContentType = GrpcContentType;
        foreach (var segment in frame)
        {
            response.BodyWriter.Write(segment.Span);
        }

        reader.AdvanceTo(frame.End);
        response.AppendTrailer("grpc-status", "0");
    }

    private static async Task FailAsync(HttpContext context)
    {
        var reader = context.Request.BodyReader;
        var frame = await ReadFrameAsync(reader);
        reader.AdvanceTo(frame.End);

        var response = context.Response;
        response.ContentType = GrpcContentType;
        response.Headers["grpc-status"] = StatusCode;
        response.Headers["grpc-message"] = QuotaError.Message;
        response.Headers["grpc-status-details-bin"] = StatusDetails;
    }

    // The whole body, once the client has ended its stream; the caller advances past it.
    private static async ValueTask<ReadOnlySequence<byte>> ReadFrameAsync(PipeReader reader)
    {
        while (true)
        {
            var result = await reader.ReadAsync();
            var buffer = result.Buffer;
            if (result.IsCompleted)
            {
                return IsOneFrame(buffer) ? buffer : throw new InvalidDataException("The request is not one uncompressed gRPC frame.");
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static bool IsOneFrame(ReadOnlySequence<byte> body)
    {
        Span<byte> prefix = stackalloc byte[5];
        if (body.Length < prefix.Length)
        {
            return false;
        }

        body.Slice(0, prefix.Length).CopyTo(prefix);
        return prefix[0] == 0 && BinaryPrimitives.ReadUInt32BigEndian(prefix[1..]) == body.Length - prefix.Length;
    }
}
