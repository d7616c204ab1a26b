using Faultline.RichInteropTests.Catalog;
using Faultline.RichInteropTests.Infrastructure;

namespace Faultline.RichInteropTests;

/// <summary>
/// grpcio (python/rich_client.py, reading statuses strictly like grpcio-status's from_call) calls
/// the Faultline server. One Python run covers every case id; each theory row asserts that its id
/// passed the Python side's own checks and that what Python read is, byte for byte, what the C#
/// catalog says the server sent.
/// </summary>
[Collection(RichInteropCollection.Name)]
public sealed class PythonClientToFaultlineServerTests(RichInteropFixture fixture)
{
    public static TheoryData<string> Ids => new(CaseId.FaultlineServerIds());

    [Theory]
    [MemberData(nameof(Ids))]
    public async Task PythonClient_ReadsTheRichStatusTheServerBuilt(string caseId)
    {
        var run = await fixture.PythonClientRun;
        Assert.True(run.Outcomes.TryGetValue(caseId, out var failure), $"rich_client.py reported nothing for {caseId}.\n{Evidence(run, caseId)}");
        Assert.True(failure is null, $"{caseId} failed in the Python client: {failure}\n{Evidence(run, caseId)}");

        var id = CaseId.Parse(caseId);
        var read = run.ReadOf(caseId);
        var wire = RichCases.Wire(id.Case);
        Assert.Equal(((int)wire.Code, wire.Message), (read.Code, read.Message));
        Assert.Equal(id.RepliesBeforeError, read.Replies);
        Bytes.Equal(RichCases.WireBytes(id.Case), read.Raw, "grpc-status-details-bin as grpcio received it");
        Bytes.Equal(read.Raw, read.Reserialized, "the status from_call returned, re-serialized by Python");
        Bytes.DetailsEqual(Bytes.Pairs(wire), read.Details, "details as Python read them");
    }

    /// <summary>The Python run itself finished in time, reported every id, and printed no traceback.</summary>
    [Fact]
    public async Task PythonClientRun_Completed()
    {
        var run = await fixture.PythonClientRun;
        Assert.True(run.Completed, $"rich_client.py did not complete:\n{run.Process}\n--- Faultline server log ---\n{fixture.Faultline.DescribeLog()}");
        Assert.Equal(CaseId.FaultlineServerIds().Order(), run.Outcomes.Keys.Order());
    }

    /// <summary>
    /// The harness checked against itself: rich_client.py against rich_server.py (grpcio both ends)
    /// passes every common case, so a case that fails only against Faultline points at Faultline.
    /// </summary>
    [Fact]
    public async Task Harness_PythonClient_PythonServer_AllPass()
    {
        var run = await fixture.HarnessRun;
        var server = await fixture.PythonServer;
        Assert.True(run.Completed && run.Process.ExitCode == 0, $"{run.Process}\n--- {server.Describe()}");
        Assert.Equal(CaseId.PythonServerIds(RichCases.Common).Order(), run.Outcomes.Keys.Order());
    }

    private string Evidence(PeerRun run, string caseId) =>
        $"{run.Excerpt(caseId)}\n" +
        $"--- Faultline server: wire for {caseId} ---\n{string.Join("\n", fixture.Faultline.ExchangesOf(caseId))}\n" +
        $"--- Faultline server: log ---\n{fixture.Faultline.DescribeLog()}";
}
