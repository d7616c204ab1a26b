using System.Collections.Concurrent;
using System.Net.Http.Headers;

namespace Faultline.RichInteropTests.Infrastructure;

/// <summary>
/// Sits between the Faultline client and the socket and keeps each HTTP response, so a test can read
/// the status block exactly as it arrived (raw header values, before grpc-dotnet or Faultline decode them).
/// </summary>
public sealed class ResponseRecorder() : DelegatingHandler(new SocketsHttpHandler())
{
    private readonly ConcurrentQueue<HttpResponseMessage> _responses = new();

    public int Count => _responses.Count;

    /// <summary>
    /// The raw value of <paramref name="name"/> in the last response: from its trailers, or from its
    /// headers for a Trailers-Only response. Null when absent.
    /// </summary>
    public (string? Value, string Where) LastRaw(string name)
    {
        var response = _responses.LastOrDefault() ?? throw new InvalidOperationException("No response was recorded.");
        if (Get(response.TrailingHeaders, name) is { } trailer)
        {
            return (trailer, "trailers");
        }

        return Get(response.Headers, name) is { } header ? (header, "headers (Trailers-Only)") : (null, "absent");
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        _responses.Enqueue(response);
        return response;
    }

    private static string? Get(HttpHeaders headers, string name) =>
        headers.NonValidated.TryGetValues(name, out var values) ? string.Join(",", values) : null;
}
