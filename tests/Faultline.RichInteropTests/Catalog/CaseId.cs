namespace Faultline.RichInteropTests.Catalog;

/// <summary>
/// One call of the suite: a catalog case on a call kind and, against a Faultline server, a failure
/// path. Written <c>case@kind@path</c> (Faultline server) or <c>case@kind</c> (Python server), the
/// same ids the Python and Go clients print.
/// </summary>
public sealed record CaseId(string Case, string Kind, FailurePath? Path)
{
    /// <summary>Replies a streaming call produces before it fails (server streaming, duplex).</summary>
    public const int MessagesBeforeError = 2;

    /// <summary>The four call kinds each case runs on.</summary>
    public static readonly string[] Kinds = ["unary", "server_stream", "client_stream", "duplex"];

    /// <summary>The two ways a Faultline service fails a call.</summary>
    public static readonly FailurePath[] Paths = [FailurePath.Throw, FailurePath.SetStatus];

    /// <summary>Replies a call of this kind receives before its error.</summary>
    public int RepliesBeforeError => Kind is "server_stream" or "duplex" ? MessagesBeforeError : 0;

    /// <summary>Whether the status comes alone, in the response headers (nothing was sent before it).</summary>
    public bool TrailersOnly => RepliesBeforeError == 0;

    /// <summary>The id without the path: the call whose two paths must look the same on the wire.</summary>
    public string CaseAndKind => $"{Case}@{Kind}";

    /// <summary>Every case on every kind and path, against the Faultline server.</summary>
    public static IEnumerable<string> FaultlineServerIds() =>
        from c in RichCases.FaultlineServerCases from k in Kinds from p in Paths select new CaseId(c, k, p).ToString();

    /// <summary>Every case on every kind, against the Python server.</summary>
    public static IEnumerable<string> PythonServerIds(IEnumerable<string> cases) =>
        from c in cases from k in Kinds select new CaseId(c, k, null).ToString();

    public static CaseId Parse(string id)
    {
        var parts = id.Split('@');
        return parts.Length switch
        {
            2 => new CaseId(parts[0], parts[1], null),
            3 => new CaseId(parts[0], parts[1], PathFromName(parts[2])),
            _ => throw new FormatException($"Not a case id: '{id}'."),
        };
    }

    public override string ToString() => Path is { } path ? $"{Case}@{Kind}@{PathName(path)}" : $"{Case}@{Kind}";

    private static string PathName(FailurePath path) => path == FailurePath.Throw ? "throw" : "set";

    private static FailurePath PathFromName(string name) => name switch
    {
        "throw" => FailurePath.Throw,
        "set" => FailurePath.SetStatus,
        _ => throw new FormatException($"Unknown failure path '{name}'."),
    };
}
