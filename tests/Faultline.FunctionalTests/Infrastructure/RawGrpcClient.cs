using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;

namespace Faultline.FunctionalTests.Infrastructure;

/// <summary>
/// Posts hand-built bytes over a real HTTP/2 connection and returns everything the server sent, so
/// tests can check the protocol byte for byte without going through the Faultline client.
/// </summary>
public sealed class RawGrpcClient : IDisposable
{
    private readonly HttpMessageInvoker _http = new(new SocketsHttpHandler());
    private readonly Uri _address;

    public RawGrpcClient(Uri address) => _address = address;

    public static byte[] Frame(byte[] payload, byte flag = 0)
    {
        var frame = new byte[5 + payload.Length];
        frame[0] = flag;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)payload.Length);
        payload.CopyTo(frame, 5);
        return frame;
    }

    public static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    public async Task<RawResponse> PostAsync(string path, byte[] body, string contentType = "application/grpc", IEnumerable<KeyValuePair<string, string>>? headers = null, Version? version = null, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_address, path))
        {
            Version = version ?? HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.TE.ParseAdd("trailers");
        foreach (var header in headers ?? [])
        {
            request.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        using var response = await _http.SendAsync(request, cancellationToken);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return new RawResponse(
            response.StatusCode,
            response.Headers.Concat(response.Content.Headers).ToDictionary(h => h.Key.ToLowerInvariant(), h => string.Join(",", h.Value)),
            response.TrailingHeaders.ToDictionary(h => h.Key.ToLowerInvariant(), h => string.Join(",", h.Value)),
            bytes);
    }

    public void Dispose() => _http.Dispose();
}

public sealed record RawResponse(HttpStatusCode HttpStatus, IReadOnlyDictionary<string, string> Headers, IReadOnlyDictionary<string, string> Trailers, byte[] Body)
{
    /// <summary>The gRPC status from the trailers, or from the headers for Trailers-Only.</summary>
    public string? GrpcStatus => Trailers.GetValueOrDefault("grpc-status") ?? Headers.GetValueOrDefault("grpc-status");

    public string? GrpcMessage => Trailers.GetValueOrDefault("grpc-message") ?? Headers.GetValueOrDefault("grpc-message");

    public bool IsTrailersOnly => Headers.ContainsKey("grpc-status") && Trailers.Count == 0 && Body.Length == 0;

    /// <summary>Splits the body into message payloads, checking each frame is complete.</summary>
    public List<(byte Flag, byte[] Payload)> Messages()
    {
        var messages = new List<(byte, byte[])>();
        var offset = 0;
        while (offset < Body.Length)
        {
            Assert.True(Body.Length - offset >= 5, "truncated message header");
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(Body.AsSpan(offset + 1));
            Assert.True(Body.Length - offset - 5 >= length, "truncated message body");
            messages.Add((Body[offset], Body.AsSpan(offset + 5, length).ToArray()));
            offset += 5 + length;
        }

        return messages;
    }
}
