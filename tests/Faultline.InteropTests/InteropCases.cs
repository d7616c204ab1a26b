namespace Faultline.InteropTests;

/// <summary>
/// The interop cases, run in both directions: by python/probe_client.py against the Faultline server,
/// and by <see cref="FaultlineClientToPythonServerTests"/> against python/probe_server.py.
/// Must match probe_client.py's CASES (checked by <see cref="PythonClientToFaultlineServerTests.CaseListMatchesPythonClient"/>).
/// </summary>
public static class InteropCases
{
    public static readonly string[] Names =
    [
        "unary",
        "server_stream",
        "client_stream",
        "duplex",
        "error_unary",
        "error_after_stream",
        "metadata",
        "deadline",
        "cancellation",
        "unimplemented_method",
        "large_message",
        "compression",
    ];

    public static TheoryData<string> All => new(Names);

    /// <summary>Percent-encoding of grpc-message: non-ASCII and '%'.</summary>
    public const string ErrorMessage = "bad \u2713 100%";
}
