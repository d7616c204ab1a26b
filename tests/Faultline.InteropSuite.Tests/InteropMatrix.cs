using Faultline.Interop.Client;

namespace Faultline.InteropSuite.Tests;

/// <summary>The cases every pair runs: all the interop clients implement (checked against the list and interop_client.py).</summary>
public static class InteropMatrix
{
    /// <summary>The cases the issue asks for.</summary>
    public static readonly string[] Required =
    [
        "empty_unary", "large_unary", "client_streaming", "server_streaming", "ping_pong", "empty_stream",
        "status_code_and_message", "special_status_message", "custom_metadata", "unimplemented_method",
        "unimplemented_service", "cancel_after_begin", "cancel_after_first_response", "timeout_on_sleeping_server",
        "client_compressed_unary", "server_compressed_unary", "client_compressed_streaming", "server_compressed_streaming",
    ];

    public static TheoryData<string> Cases => new(InteropClient.Cases);

    /// <summary>
    /// grpcio's server cannot check expect_compressed (its API shows neither grpc-encoding nor the
    /// per-message flag), so against it these cases run without their probe (--skip_compression_probe).
    /// </summary>
    public static readonly string[] ProbeSkippedAgainstPython = ["client_compressed_unary", "client_compressed_streaming"];
}
