using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Pipelines;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Faultline.Client.Tests.Infrastructure;

/// <summary>Hand-made gRPC framing for the raw test server: no Faultline code on the server side.</summary>
public static class GrpcFraming
{
    public static byte[] Frame(byte[] payload, bool compressed = false)
    {
        var frame = new byte[5 + payload.Length];
        frame[0] = compressed ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)payload.Length);
        payload.CopyTo(frame, 5);
        return frame;
    }

    public static byte[] Frame(string text) => Frame(Encoding.UTF8.GetBytes(text));

    public static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    public static byte[] Gunzip(byte[] data)
    {
        using var input = new GZipStream(new MemoryStream(data), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }

    /// <summary>Sends the response headers for a gRPC response (Kestrel's StartAsync alone does not flush them).</summary>
    public static async Task StartAsync(HttpResponse response, string? encoding = null)
    {
        response.ContentType = "application/grpc";
        if (encoding is not null)
        {
            response.Headers["grpc-encoding"] = encoding;
        }

        await response.StartAsync();
        await response.Body.FlushAsync();
    }

    public static async Task WriteAsync(HttpResponse response, string text)
    {
        await response.Body.WriteAsync(Frame(text));
        await response.Body.FlushAsync();
    }

    /// <summary>Ends a normal response with trailers.</summary>
    public static void Trailers(HttpResponse response, int status, string? message = null)
    {
        response.AppendTrailer("grpc-status", status.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (message is not null)
        {
            response.AppendTrailer("grpc-message", message);
        }
    }

    /// <summary>Reads the next message of the request body; null at its end.</summary>
    public static async Task<(bool Compressed, byte[] Payload)?> ReadAsync(PipeReader reader, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            if (buffer.Length >= 5)
            {
                var header = buffer.Slice(0, 5).ToArray();
                var length = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(1));
                if (buffer.Length >= 5 + length)
                {
                    var payload = buffer.Slice(5, length).ToArray();
                    reader.AdvanceTo(buffer.GetPosition(5 + length));
                    return (header[0] == 1, payload);
                }
            }

            if (result.IsCompleted)
            {
                if (buffer.Length != 0)
                {
                    throw new InvalidOperationException("Truncated request message.");
                }

                reader.AdvanceTo(buffer.End);
                return null;
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    public static async Task<string?> ReadTextAsync(HttpRequest request, CancellationToken cancellationToken = default)
    {
        var message = await ReadAsync(request.BodyReader, cancellationToken);
        return message is { } m ? Encoding.UTF8.GetString(m.Payload) : null;
    }
}
