using System.Globalization;
using System.Net;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Faultline.FunctionalTests.Infrastructure;

/// <summary>
/// The status of a raw HTTP/2 response as it was on the wire: <c>grpc-status</c>, <c>grpc-message</c>
/// and <c>grpc-status-details-bin</c> decoded independently of Faultline and grpc-dotnet, from the
/// trailers or, for Trailers-Only, the headers; and the size of that block as HTTP/2 counts it.
/// </summary>
public sealed record WireStatus(StatusCode Code, string Message, Google.Rpc.Status? Proto, bool TrailersOnly, int BlockSize, RawResponse Response)
{
    // RFC 9113 section 6.5.2: name + value + 32 per field; ":status: 200" is not in HttpClient's dictionaries.
    private const int PerField = 32;
    private const int StatusPseudoHeader = 7 + 3 + PerField;

    public static WireStatus Read(RawResponse response)
    {
        Assert.Equal(HttpStatusCode.OK, response.HttpStatus);
        var block = response.StatusBlock;
        Assert.True(block.ContainsKey("grpc-status"), "no grpc-status in trailers or headers");
        var trailersOnly = ReferenceEquals(block, response.Headers);
        if (trailersOnly)
        {
            Assert.Empty(response.Body);
        }
        else
        {
            Assert.False(response.Headers.ContainsKey("grpc-status"), "grpc-status in both headers and trailers");
            Assert.False(response.Headers.ContainsKey("grpc-status-details-bin"), "grpc-status-details-bin in the headers of a response with trailers");
        }

        var size = block.Sum(h => h.Value.Sum(v => h.Key.Length + v.Length + PerField)) + (trailersOnly ? StatusPseudoHeader : 0);
        var code = (StatusCode)int.Parse(Assert.Single(block["grpc-status"]), CultureInfo.InvariantCulture);
        var message = block.TryGetValue("grpc-message", out var encoded) ? Uri.UnescapeDataString(Assert.Single(encoded)) : string.Empty;
        Google.Rpc.Status? proto = null;
        if (block.TryGetValue("grpc-status-details-bin", out var details))
        {
            proto = Google.Rpc.Status.Parser.ParseFrom(Convert.FromBase64String(Pad(Assert.Single(details))));
        }

        return new WireStatus(code, message, proto, trailersOnly, size, response);
    }

    /// <summary>The details as sent; none when there was no grpc-status-details-bin.</summary>
    public IReadOnlyList<Any> Details => Proto is null ? [] : Proto.Details;

    /// <summary>Checks that grpc-status, grpc-message and grpc-status-details-bin say the same thing (what strict readers demand).</summary>
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

    public IReadOnlyList<string> Values(string name) => Response.StatusBlock.TryGetValue(name, out var values) ? values : [];

    private static string Pad(string base64) => (base64.Length % 4) switch
    {
        2 => base64 + "==",
        3 => base64 + "=",
        _ => base64,
    };
}
