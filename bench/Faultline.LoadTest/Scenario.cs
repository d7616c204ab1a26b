namespace Faultline.LoadTest;

/// <summary>One measured thing: a server kind and the method called on it.</summary>
/// <param name="Name">The name used in reports and in <c>--scenarios</c>.</param>
/// <param name="Server">The server kind (<see cref="BenchServer.Kinds"/>).</param>
/// <param name="Method">The method of <c>bench.Bench</c> called.</param>
/// <param name="Fails">Whether the call ends with RESOURCE_EXHAUSTED and a QuotaFailure.</param>
/// <param name="Description">What the handler does, for the report.</param>
internal sealed record Scenario(string Name, string Server, string Method, bool Fails, string Description)
{
    public const string Baseline = "bare-success";

    public static readonly IReadOnlyList<Scenario> All =
    [
        new(Baseline, "bare", "Echo", false, "grpc-dotnet alone, echo"),
        new("faultline-success", "faultline", "Echo", false, "grpc-dotnet + AddFaultline(), echo"),
        new("raw-success", "raw", "Echo", false, "hand-written Kestrel handler, echo"),
        new("bare-error", "bare", "FailStatusProto", true, "grpc-dotnet alone, throws Google.Rpc.Status.ToRpcException()"),
        new("bare-error-set", "bare", "FailStatusProtoSet", true, "grpc-dotnet alone, context.Status + ResponseTrailers.SetRpcStatus(status), no throw (reference)"),
        new("faultline-error-throw", "faultline", "FailThrow", true, "AddFaultline(), throws ResourceExhaustedException"),
        new("faultline-error-set", "faultline", "FailSet", true, "AddFaultline(), context.SetRichStatus(status) and return"),
        new("raw-error", "raw", "Fail", true, "hand-written Kestrel handler, precomputed Trailers-Only status"),
    ];

    public string Path => $"/bench.Bench/{Method}";
}
