using System.Text.Json;

namespace Faultline.RichInteropTests.Infrastructure;

/// <summary>
/// What a peer client (Python or Go) read from one failed call, as its <c>READ &lt;id&gt; &lt;json&gt;</c>
/// line reports it: the code and message it surfaced, the raw grpc-status-details-bin (Python; grpc-go
/// keeps it to itself), the decoded google.rpc.Status re-serialized by the peer, each detail's type URL
/// and bytes, how many replies came before the error, and (Go) how each detail unpacked.
/// </summary>
public sealed record PeerRead(
    int Code,
    string Message,
    byte[]? Raw,
    byte[]? Reserialized,
    IReadOnlyList<(string TypeUrl, byte[] Value)> Details,
    int Replies,
    IReadOnlyList<TypedDetail> Typed)
{
    public static PeerRead Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        return new PeerRead(
            root.GetProperty("code").GetInt32(),
            root.GetProperty("message").GetString()!,
            Bytes(root, "raw"),
            Bytes(root, "reserialized"),
            root.GetProperty("details").EnumerateArray().Select(d => (d[0].GetString()!, Convert.FromBase64String(d[1].GetString()!))).ToList(),
            root.GetProperty("replies").GetInt32(),
            root.TryGetProperty("typed", out var typed) && typed.ValueKind == JsonValueKind.Array
                ? typed.EnumerateArray().Select(TypedDetail.Parse).ToList()
                : []);
    }

    private static byte[]? Bytes(JsonElement root, string name) =>
        root.TryGetProperty(name, out var element) && element.ValueKind == JsonValueKind.String ? Convert.FromBase64String(element.GetString()!) : null;
}

/// <summary>
/// How a peer unpacked one detail (grpc-go's <c>status.Details()</c>): to its registered message
/// type (<see cref="TypeName"/>, with the message re-marshalled, deterministically, in
/// <see cref="Remarshalled"/>), or not at all (<see cref="Error"/>: the type is not linked in).
/// </summary>
public sealed record TypedDetail(string? TypeName, byte[]? Remarshalled, string? Error)
{
    public static TypedDetail Parse(JsonElement element) => new(
        element.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String ? type.GetString() : null,
        element.TryGetProperty("bytes", out var bytes) && bytes.ValueKind == JsonValueKind.String ? Convert.FromBase64String(bytes.GetString()!) : null,
        element.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String ? error.GetString() : null);
}
