using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;

namespace Faultline.FunctionalTests.Infrastructure;

/// <summary>
/// Posts hand-built gRPC requests over a real HTTP/2 connection (h2c) and returns everything the
/// server sent, so tests can check the wire without any gRPC client library in between.
/// </summary>
public sealed class RawGrpcClient : IDisposable
{
    private readonly HttpMessageInvoker _http;
    private readonly Uri _address;

    /// <param name="address">The server's h2c address.</param>
    /// <param name="maxResponseHeadersKiB">The client's limit on response headers plus trailers (64 KiB by default, as grpc-dotnet's).</param>
    public RawGrpcClient(Uri address, int? maxResponseHeadersKiB = null)
    {
        var handler = new SocketsHttpHandler();
        if (maxResponseHeadersKiB is { } limit)
        {
            handler.MaxResponseHeadersLength = limit;
        }

        _http = new HttpMessageInvoker(handler);
        _address = address;
    }

    public static byte[] Frame(byte[] payload, byte flag = 0)
    {
        var frame = new byte[5 + payload.Length];
        frame[0] = flag;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)payload.Length);
        payload.CopyTo(frame, 5);
        return frame;
    }

    /// <summary>The body of a request stream of <paramref name="messages"/>.</summary>
    public static byte[] Body(params IMessage[] messages) => messages.SelectMany(m => Frame(m.ToByteArray())).ToArray();

    public async Task<RawResponse> PostAsync(string path, byte[] body, string contentType = "application/grpc")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_address, path))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.TE.ParseAdd("trailers");

        using var response = await _http.SendAsync(request, CancellationToken.None);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        return new RawResponse(
            response.StatusCode,
            response.Headers.Concat(response.Content.Headers).ToDictionary(h => h.Key.ToLowerInvariant(), h => (IReadOnlyList<string>)h.Value.ToList()),
            response.TrailingHeaders.ToDictionary(h => h.Key.ToLowerInvariant(), h => (IReadOnlyList<string>)h.Value.ToList()),
            bytes);
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>An HTTP/2 response as received: headers and trailers (every value of each name), and the body.</summary>
public sealed record RawResponse(HttpStatusCode HttpStatus, IReadOnlyDictionary<string, IReadOnlyList<string>> Headers, IReadOnlyDictionary<string, IReadOnlyList<string>> Trailers, byte[] Body)
{
    /// <summary>A Trailers-Only response: the status in the headers, no body, no trailers.</summary>
    public bool IsTrailersOnly => Headers.ContainsKey("grpc-status") && Trailers.Count == 0 && Body.Length == 0;

    /// <summary>The header block that carries the status: the trailers, or the headers for Trailers-Only.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> StatusBlock => Trailers.ContainsKey("grpc-status") ? Trailers : Headers;

    /// <summary>Splits the body into message payloads, checking each frame is complete.</summary>
    public List<byte[]> Messages()
    {
        var messages = new List<byte[]>();
        var offset = 0;
        while (offset < Body.Length)
        {
            Assert.True(Body.Length - offset >= 5, "truncated message header");
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(Body.AsSpan(offset + 1));
            Assert.True(Body.Length - offset - 5 >= length, "truncated message body");
            messages.Add(Body.AsSpan(offset + 5, length).ToArray());
            offset += 5 + length;
        }

        return messages;
    }
}
