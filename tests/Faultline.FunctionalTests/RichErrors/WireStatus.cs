using System.Net;
using Faultline.FunctionalTests.Infrastructure;
using Faultline.FunctionalTests.RawFrames;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Logging;

namespace Faultline.FunctionalTests.RichErrors;

/// <summary>
/// The status of a raw HTTP/2 response as it was on the wire: <c>grpc-status</c>, <c>grpc-message</c>
/// and <c>grpc-status-details-bin</c> decoded independently of Faultline, from the trailers or, for
/// Trailers-Only, the headers; and the size of that header block as HTTP/2 counts it.
/// </summary>
internal sealed record WireStatus(
    StatusCode Code,
    string Message,
    string? DetailsBase64,
    Google.Rpc.Status? Proto,
    bool TrailersOnly,
    int BlockSize,
    IReadOnlyDictionary<string, string> Block,
    RawResponse Response)
{
    // RFC 9113 section 6.5.2: name + value + 32 per field. ":status: 200" is not visible in HttpClient's dictionaries.
    private const int PerField = 32;
    private const int StatusPseudoHeader = 7 + 3 + PerField;

    public static WireStatus Read(RawResponse response)
    {
        Assert.Equal(HttpStatusCode.OK, response.HttpStatus);
        var trailersOnly = !response.Trailers.ContainsKey("grpc-status");
        var block = trailersOnly ? response.Headers : response.Trailers;
        Assert.True(block.ContainsKey("grpc-status"), "no grpc-status in trailers or headers");
        if (trailersOnly)
        {
            Assert.Empty(response.Body);
        }
        else
        {
            Assert.False(response.Headers.ContainsKey("grpc-status"), "grpc-status in both headers and trailers");
            Assert.False(response.Headers.ContainsKey("grpc-status-details-bin"), "grpc-status-details-bin in the headers of a response with trailers");
        }

        var size = block.Sum(h => h.Key.Length + h.Value.Length + PerField) + (trailersOnly ? StatusPseudoHeader : 0);
        var code = (StatusCode)int.Parse(block["grpc-status"], System.Globalization.CultureInfo.InvariantCulture);
        var message = block.TryGetValue("grpc-message", out var encoded) ? Uri.UnescapeDataString(encoded) : string.Empty;
        var details = block.GetValueOrDefault("grpc-status-details-bin");
        var proto = details is null ? null : Google.Rpc.Status.Parser.ParseFrom(Convert.FromBase64String(Pad(details)));
        return new WireStatus(code, message, details, proto, trailersOnly, size, block, response);
    }

    /// <summary>The details as sent, or none when there was no grpc-status-details-bin.</summary>
    public IReadOnlyList<Any> Details => Proto is null ? [] : Proto.Details;

    /// <summary>grpc-status, grpc-message and grpc-status-details-bin say the same thing.</summary>
    public WireStatus AssertAgree()
    {
        if (Proto is not null)
        {
            Assert.Equal((int)Code, Proto.Code);
            Assert.Equal(Message, Proto.Message);
        }

        return this;
    }

    public T? Detail<T>()
        where T : class, IMessage<T>, new() =>
        Details.Where(d => d.Is(new T().Descriptor)).Select(d => d.Unpack<T>()).FirstOrDefault();

    private static string Pad(string base64) => (base64.Length % 4) switch
    {
        2 => base64 + "==",
        3 => base64 + "=",
        _ => base64,
    };
}

/// <summary>Posts gRPC requests to <see cref="RichErrorService"/> over h2c with a plain HttpClient.</summary>
internal sealed class RichRawClient : IDisposable
{
    private readonly HttpMessageInvoker _http;
    private readonly Uri _address;

    /// <param name="address">The server's h2c address.</param>
    /// <param name="maxResponseHeadersKiB">The client's limit on a header block, as a peer with a small limit would set it.</param>
    public RichRawClient(Uri address, int? maxResponseHeadersKiB = null)
    {
        var handler = new SocketsHttpHandler();
        if (maxResponseHeadersKiB is { } limit)
        {
            handler.MaxResponseHeadersLength = limit;
        }

        _http = new HttpMessageInvoker(handler);
        _address = address;
    }

    public static byte[] Request(params string[] values) =>
        RawGrpcClient.Concat(values.Select(v => RawGrpcClient.Frame(new StringValue { Value = v }.ToByteArray())).ToArray());

    public async Task<RawResponse> PostAsync(string path, byte[] body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_address, path))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/grpc");
        request.Headers.TE.ParseAdd("trailers");

        using var response = await _http.SendAsync(request, CancellationToken.None);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        return new RawResponse(
            response.StatusCode,
            response.Headers.Concat(response.Content.Headers).ToDictionary(h => h.Key.ToLowerInvariant(), h => string.Join(",", h.Value)),
            response.TrailingHeaders.ToDictionary(h => h.Key.ToLowerInvariant(), h => string.Join(",", h.Value)),
            bytes);
    }

    /// <summary>Calls <paramref name="kind"/> with <paramref name="instruction"/> (plus two more requests for the streaming-request kinds).</summary>
    public async Task<WireStatus> CallAsync(MethodType kind, string instruction)
    {
        var body = kind is MethodType.ClientStreaming or MethodType.DuplexStreaming
            ? Request(instruction, "second", "third")
            : Request(instruction);
        return WireStatus.Read(await PostAsync(RichMethods.Path(kind), body));
    }

    public void Dispose() => _http.Dispose();
}

internal static class RichLogs
{
    public static List<LogSink.LogRecord> Trimmed(this LogSink logs) =>
        logs.Records.Where(r => r.EventName == "StatusTrimmed").ToList();

    public static LogSink.LogRecord SingleTrimmed(this LogSink logs)
    {
        var record = Assert.Single(logs.Trimmed());
        Assert.Equal(LogLevel.Warning, record.Level);
        return record;
    }
}
