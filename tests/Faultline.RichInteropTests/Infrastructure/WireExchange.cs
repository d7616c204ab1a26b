namespace Faultline.RichInteropTests.Infrastructure;

/// <summary>One request to the Faultline server and the status block it wrote for it (raw header values).</summary>
public sealed class WireExchange(string path, string caseId, string client)
{
    private IReadOnlyList<(string Name, string Value)> _block = [];

    public string Path { get; } = path;

    public string CaseId { get; } = caseId;

    /// <summary>Which client made the call (its <c>x-client</c> header: python, go, faultline).</summary>
    public string Client { get; } = client;

    /// <summary>"headers (Trailers-Only)", "trailers", or "nowhere"; "(running)" until the call ends.</summary>
    public string StatusIn { get; private set; } = "(running)";

    /// <summary>The status block's entries in the order written, without <c>date</c> (which differs call by call).</summary>
    public IReadOnlyList<(string Name, string Value)> Block =>
        _block.Where(e => !string.Equals(e.Name, "date", StringComparison.OrdinalIgnoreCase)).ToList();

    /// <summary>grpc-status as sent.</summary>
    public string? GrpcStatus => Single("grpc-status");

    /// <summary>grpc-message as sent (percent-encoded), or null when absent.</summary>
    public string? GrpcMessage => Single("grpc-message");

    /// <summary>grpc-status-details-bin as sent (base64), or null when absent.</summary>
    public string? StatusDetails => Single("grpc-status-details-bin");

    /// <summary>grpc-retry-pushback-ms as sent, or null when absent.</summary>
    public string? RetryPushback => Single("grpc-retry-pushback-ms");

    /// <summary>Every value of <paramref name="name"/> in the status block.</summary>
    public IReadOnlyList<string> Values(string name) =>
        _block.Where(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase)).Select(e => e.Value).ToList();

    internal void Complete(string statusIn, IReadOnlyList<(string Name, string Value)> block)
    {
        _block = block;
        StatusIn = statusIn;
    }

    private string? Single(string name)
    {
        var values = Values(name);
        Assert.True(values.Count <= 1, $"{name} {values.Count} times in the status block: {this}");
        return values.Count == 0 ? null : values[0];
    }

    public override string ToString() =>
        $"POST {Path} x-case-id={CaseId} x-client={Client} => status in {StatusIn}: " +
        string.Join(" ", _block.Where(e => e.Name.StartsWith("grpc-", StringComparison.Ordinal) || e.Name.StartsWith("x-", StringComparison.Ordinal)).Select(e => $"{e.Name}={e.Value}"));
}
