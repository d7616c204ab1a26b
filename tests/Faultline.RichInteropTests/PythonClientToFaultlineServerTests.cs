using Faultline.RichInteropTests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace Faultline.RichInteropTests;

/// <summary>
/// grpcio (python/rich_client.py, reading statuses like grpcio-status) calls the Faultline server.
/// One Python run covers every case; each theory row asserts its case passed there, and checks the
/// status block the server wrote on the wire.
/// </summary>
[Collection(RichInteropCollection.Name)]
public sealed class PythonClientToFaultlineServerTests(RichInteropFixture fixture)
{
    public static TheoryData<string> CaseIds => new(RichCases.Ids(RichCases.FaultlineServerCases));

    [Theory]
    [MemberData(nameof(CaseIds))]
    public async Task PythonClient_ReadsFaultlineRichStatus(string caseId)
    {
        var run = await fixture.PythonClientRun;
        var evidence = Evidence(run, caseId);

        Assert.True(run.Outcomes.TryGetValue(caseId, out var failure), $"rich_client.py reported nothing for {caseId}.\n{evidence}");
        Assert.True(failure is null, $"{caseId} failed in the Python client: {failure}\n{evidence}");

        // What went on the wire, as the server wrote it.
        var (@case, kind) = RichCases.Split(caseId);
        var wire = RichCases.Wire(@case);
        var exchange = Assert.Single(fixture.Faultline.ExchangesOf(caseId));
        Assert.True(exchange.GrpcStatus == ((int)wire.Code).ToString(), $"grpc-status on the wire: {exchange}");
        Assert.True(exchange.StatusIn == (RichCalls.RepliesBeforeError(kind) == 0 ? "headers (Trailers-Only)" : "trailers"), $"status block: {exchange}");
        RichCalls.BytesEqual(RichCases.WireBytes(@case), exchange.StatusDetails is null ? null : RichCalls.DecodeBinaryHeader(exchange.StatusDetails), $"grpc-status-details-bin on the wire ({exchange})");
    }

    /// <summary>
    /// The Python run itself: it finished in time, reported every case (failed cases are reported by
    /// their own theory rows), and the Faultline server logged no errors while serving it.
    /// </summary>
    [Fact]
    public async Task PythonClientRun_Completed_And_ServerLoggedNoErrors()
    {
        var run = await fixture.PythonClientRun;
        Assert.True(!run.Process.TimedOut && run.Process.ExitCode is 0 or 1, $"rich_client.py did not complete:\n{run.Process}\n--- Faultline server log ---\n{fixture.Faultline.DescribeLog()}");
        Assert.Equal(RichCases.Ids(RichCases.FaultlineServerCases).Order(), run.Outcomes.Keys.Order());
        Assert.False(run.Process.Stderr.Contains("Traceback", StringComparison.Ordinal), run.Process.ToString());
        Assert.True(fixture.Faultline.Logs.Errors.Count == 0, $"the Faultline server logged errors:\n{fixture.Faultline.DescribeLog()}");

        // The oversized status was made to fit, and the server said what it dropped.
        Assert.Contains(
            fixture.Faultline.Logs.Records,
            r => r.EventName == "StatusTrimmed" && r.Level >= LogLevel.Warning && r.Message.Contains("google.rpc.BadRequest", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CaseList_MatchesPythonClient()
    {
        await Peer.Python.EnsureAvailableAsync();
        var result = await Peer.Python.RunAsync(TimeSpan.FromSeconds(30), "rich_client.py", "--list");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(RichCases.Ids(RichCases.FaultlineServerCases), result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    /// <summary>
    /// The harness checked against itself: rich_client.py against rich_server.py (grpcio both ends)
    /// passes every case, so a case that fails only against Faultline points at Faultline.
    /// </summary>
    [Fact]
    public async Task Harness_PythonClient_PythonServer_AllPass()
    {
        var server = await fixture.PythonServer;
        var result = await Peer.Python.RunAsync(RichInteropFixture.PythonRunTimeout, "rich_client.py", "--port", server.Port.ToString(), "--python-server");
        Assert.True(result.ExitCode == 0, $"{result}\n--- {server.Describe()}");
    }

    private string Evidence(PythonClientRun run, string caseId) =>
        $"--- {run.Excerpt(caseId)}\n" +
        $"--- Faultline server: wire for {caseId} ---\n{string.Join("\n", fixture.Faultline.ExchangesOf(caseId))}\n" +
        $"--- Faultline server: log ---\n{fixture.Faultline.DescribeLog()}";
}
