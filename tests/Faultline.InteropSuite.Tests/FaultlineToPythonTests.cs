using Faultline.Interop.Client;
using Faultline.InteropSuite.Tests.Infrastructure;

namespace Faultline.InteropSuite.Tests;

/// <summary>
/// The interop client (Grpc.Net.Client with Faultline's client pipeline) against the grpcio interop server (interop/python/interop_server.py):
/// every case; client_compressed_* without their probe, which grpcio's server cannot answer.
/// </summary>
public sealed class FaultlineToPythonTests(PythonServerFixture server, ITestOutputHelper output) : IClassFixture<PythonServerFixture>
{
    private const string Pair = "faultline->python";

    [Theory]
    [MemberData(nameof(InteropMatrix.Cases), MemberType = typeof(InteropMatrix))]
    public async Task Case(string @case)
    {
        var settings = new ClientSettings
        {
            ServerHost = "127.0.0.1",
            ServerPort = server.Port,
            SkipCompressionProbe = InteropMatrix.ProbeSkippedAgainstPython.Contains(@case),
        };
        var stderrBefore = server.Stderr.Length;
        var result = await InteropClient.RunCaseAsync(settings, @case);

        var problems = new List<string>();
        if (result.Outcome != CaseOutcome.Pass)
        {
            problems.Add($"client: {result.Detail}");
        }

        // The Python server must not have hit an exception of its own.
        await Task.Delay(50);
        var stderr = server.Stderr[Math.Min(stderrBefore, server.Stderr.Length)..];
        if (stderr.Contains("Traceback", StringComparison.Ordinal) || stderr.Contains("Exception calling application", StringComparison.Ordinal))
        {
            problems.Add("the Python server reported an error (see its stderr)");
        }

        server.Report.Verdict(output, Pair, @case, problems, result.Outcome == CaseOutcome.Pass ? result.Detail : null, server.Describe);
    }
}
