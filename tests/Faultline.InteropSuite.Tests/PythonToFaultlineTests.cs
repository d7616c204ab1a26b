using Faultline.InteropSuite.Tests.Infrastructure;

namespace Faultline.InteropSuite.Tests;

/// <summary>
/// The grpcio interop client (interop/python/interop_client.py) against the interop server (grpc-dotnet
/// with Faultline's server pipeline, in-process, h2c): every case, one client process per case, plus the server-side wire checks.
/// </summary>
public sealed class PythonToFaultlineTests(FaultlineServerFixture server, ITestOutputHelper output) : IClassFixture<FaultlineServerFixture>
{
    private const string Pair = "python->faultline";
    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(60);

    [Theory]
    [MemberData(nameof(InteropMatrix.Cases), MemberType = typeof(InteropMatrix))]
    public async Task Case(string @case)
    {
        await Peer.Python.EnsureAvailableAsync();
        server.Reset();
        var result = await Peer.Python.RunAsync(ClientTimeout, "interop_client.py", "--server_host=127.0.0.1", $"--server_port={server.Port}", $"--test_case={@case}");
        await server.WaitForCallsToEndAsync();

        var line = result.Stdout.Split('\n').Select(l => l.TrimEnd('\r')).FirstOrDefault(l => l.Contains($" {@case}", StringComparison.Ordinal)) ?? "";
        var passed = result.ExitCode == 0 && (line == $"PASS {@case}" || line.StartsWith($"PASS {@case} (", StringComparison.Ordinal));
        var problems = new List<string>();
        if (!passed)
        {
            problems.Add($"client: {(line.Length > 0 ? line : $"no result line (exit code {result.ExitCode}{(result.TimedOut ? ", timed out" : "")})")}");
        }

        problems.AddRange(ServerWireChecks.Check(@case, server.Wire.Calls).Select(p => "server wire: " + p));
        problems.AddRange(server.Logs.Errors.Select(e => "server logged an error: " + e));
        var note = passed && line.Length > $"PASS {@case} (".Length ? line[($"PASS {@case} (".Length)..^1] : null;
        server.Report.Verdict(output, Pair, @case, problems, note, () => $"--- python client: {result}\n{server.Describe()}");
    }
}
