using Faultline.Interop.Client;
using Faultline.InteropSuite.Tests.Infrastructure;

namespace Faultline.InteropSuite.Tests;

/// <summary>
/// The interop client (Grpc.Net.Client with Faultline's client pipeline) against the interop server
/// (grpc-dotnet with Faultline's server pipeline, in-process, h2c): every case, plus the server-side wire checks.
/// </summary>
public sealed class FaultlineToFaultlineTests(FaultlineServerFixture server, ITestOutputHelper output) : IClassFixture<FaultlineServerFixture>
{
    private const string Pair = "faultline->faultline";

    [Theory]
    [MemberData(nameof(InteropMatrix.Cases), MemberType = typeof(InteropMatrix))]
    public async Task Case(string @case)
    {
        server.Reset();
        var result = await InteropClient.RunCaseAsync(new ClientSettings { ServerHost = "127.0.0.1", ServerPort = server.Port }, @case);
        await server.WaitForCallsToEndAsync();

        var problems = new List<string>();
        if (result.Outcome != CaseOutcome.Pass)
        {
            problems.Add($"client: {result.Detail}");
        }

        problems.AddRange(ServerWireChecks.Check(@case, server.Wire.Calls).Select(p => "server wire: " + p));
        problems.AddRange(server.Logs.Errors.Select(e => "server logged an error: " + e));
        server.Report.Verdict(output, Pair, @case, problems, result.Outcome == CaseOutcome.Pass ? result.Detail : null, server.Describe);
    }
}
