using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.AspNetCore.Http;

namespace Faultline.Bench;

/// <summary>
/// The baseline: the unary echo call written by hand as a plain ASP.NET Core request delegate, doing
/// the protocol work a gRPC server must do for it and nothing more: HTTP/2 and content-type checks,
/// reading the single length-prefixed request from <see cref="HttpRequest.BodyReader"/> (size limit,
/// compressed flag, nothing after it), parsing it with the same protobuf message, writing the
/// length-prefixed response and the <c>grpc-status</c> (and on failure <c>grpc-message</c>) trailers.
/// </summary>
public static class RawEchoHandler
{
    private const int HeaderSize = 5;
    private const int MaxMessageSize = 4 * 1024 * 1024;

    public static async Task HandleAsync(HttpContext http)
    {
        var request = http.Request;
        var response = http.Response;
        if (!HttpProtocol.IsHttp2(request.Protocol))
        {
            Reject(response, StatusCodes.Status426UpgradeRequired, "gRPC requires HTTP/2.");
            return;
        }

        if (!IsGrpcContentType(request.ContentType))
        {
            Reject(response, StatusCodes.Status415UnsupportedMediaType, "gRPC requires application/grpc.");
            return;
        }

        response.ContentType = "application/grpc";
        BytesValue message;
        try
        {
            message = await ReadSingleAsync(request.BodyReader, http.RequestAborted).ConfigureAwait(false);
        }
        catch (InvalidDataException ex)
        {
            // Nothing was written yet: a Trailers-Only response.
            response.Headers["grpc-status"] = "13";
            response.Headers["grpc-message"] = ex.Message;
            return;
        }

        var reply = new BytesValue { Value = message.Value };
        var size = reply.CalculateSize();
        var writer = response.BodyWriter;
        var header = writer.GetSpan(HeaderSize);
        header[0] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(header.Slice(1), (uint)size);
        writer.Advance(HeaderSize);
        reply.WriteTo(writer);
        response.AppendTrailer("grpc-status", "0");
    }

    private static async ValueTask<BytesValue> ReadSingleAsync(PipeReader reader, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (result.IsCanceled)
            {
                throw new OperationCanceledException(cancellationToken);
            }

            if (!result.IsCompleted)
            {
                if (buffer.Length > HeaderSize + MaxMessageSize)
                {
                    reader.AdvanceTo(buffer.End);
                    throw new InvalidDataException("Request message too large.");
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
                continue;
            }

            try
            {
                return Parse(buffer);
            }
            finally
            {
                reader.AdvanceTo(buffer.End);
            }
        }
    }

    private static BytesValue Parse(in ReadOnlySequence<byte> buffer)
    {
        if (buffer.Length < HeaderSize)
        {
            throw new InvalidDataException("Expected one request message.");
        }

        Span<byte> header = stackalloc byte[HeaderSize];
        buffer.Slice(0, HeaderSize).CopyTo(header);
        if (header[0] != 0)
        {
            throw new InvalidDataException("Compressed requests are not supported.");
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(header.Slice(1));
        if (length > MaxMessageSize)
        {
            throw new InvalidDataException("Request message too large.");
        }

        if (buffer.Length != HeaderSize + (long)length)
        {
            throw new InvalidDataException("Expected exactly one complete request message.");
        }

        try
        {
            return BytesValue.Parser.ParseFrom(buffer.Slice(HeaderSize));
        }
        catch (Google.Protobuf.InvalidProtocolBufferException)
        {
            throw new InvalidDataException("Failed to deserialize the request message.");
        }
    }

    private static bool IsGrpcContentType(string? contentType) =>
        contentType is not null
        && contentType.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase)
        && (contentType.Length == 16 || contentType[16] is '+' or ';');

    private static void Reject(HttpResponse response, int httpStatus, string message)
    {
        response.StatusCode = httpStatus;
        response.ContentType = "application/grpc";
        response.Headers["grpc-status"] = "13";
        response.Headers["grpc-message"] = message;
    }
}
