using System.Globalization;
using Faultline.RichInteropTests.Catalog;
using Faultline.RichInteropTests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace Faultline.RichInteropTests;

/// <summary>
/// The Faultline server's side of the wire, for the calls the Python and Go clients made: the status
/// block each call ended with, as it was written, against the C# catalog; the throwing and the
/// SetRichStatus paths writing the very same block; and a server log without surprises.
/// </summary>
[Collection(RichInteropCollection.Name)]
public sealed class FaultlineServerWireTests(RichInteropFixture fixture)
{
    public static TheoryData<string> Ids => new(CaseId.FaultlineServerIds());

    public static TheoryData<string> CasesAndKinds => new(from c in RichCases.FaultlineServerCases from k in CaseId.Kinds select $"{c}@{k}");

    [Theory]
    [MemberData(nameof(Ids))]
    public async Task StatusBlock_IsTheCatalogStatus(string caseId)
    {
        var id = CaseId.Parse(caseId);
        var exchanges = await PeerExchangesAsync(caseId);
        var wire = RichCases.Wire(id.Case);
        foreach (var exchange in exchanges)
        {
            Assert.True(exchange.StatusIn == (id.TrailersOnly ? "headers (Trailers-Only)" : "trailers"), $"status block: {exchange}");
            Assert.True(exchange.GrpcStatus == ((int)wire.Code).ToString(CultureInfo.InvariantCulture), $"grpc-status: {exchange}");
            Assert.True(exchange.GrpcMessage is null || GrpcMessage.IsWellFormed(exchange.GrpcMessage), $"grpc-message is not well-formed percent-encoding: {exchange}");
            Assert.True(GrpcMessage.Decode(exchange.GrpcMessage) == wire.Message, $"grpc-message decodes to something else than \"{wire.Message}\": {exchange}");
            Assert.True(exchange.StatusDetails is not null, $"no grpc-status-details-bin: {exchange}");
            Bytes.Equal(RichCases.WireBytes(id.Case), Bytes.FromBinaryHeader(exchange.StatusDetails), $"grpc-status-details-bin ({exchange})");

            // A RetryInfo is also announced as gRFC A6's pushback, in whole milliseconds.
            var pushback = wire.RetryInfo is { } retry ? ((long)retry.RetryDelay.ToTimeSpan().TotalMilliseconds).ToString(CultureInfo.InvariantCulture) : null;
            Assert.True(exchange.RetryPushback == pushback, $"grpc-retry-pushback-ms {exchange.RetryPushback ?? "<absent>"}, expected {pushback ?? "<absent>"}: {exchange}");

            // The relayed downstream trailers: the application's own entry goes through; its details do not.
            Assert.Equal(id.Case == "relayed_trailers" ? ["quota-service"] : [], exchange.Values("x-downstream"));
        }

        Assert.True(fixture.Faultline.Logs.Errors.Count == 0, $"the Faultline server logged errors:\n{fixture.Faultline.DescribeLog()}");
    }

    /// <summary>
    /// Throwing the typed exception and <c>context.SetRichStatus(...)</c> then returning end the call
    /// alike: the same status block, entry for entry, in the same place.
    /// </summary>
    [Theory]
    [MemberData(nameof(CasesAndKinds))]
    public async Task ThrowAndSetRichStatus_WriteTheSameStatusBlock(string caseAndKind)
    {
        var thrown = await PeerExchangesAsync($"{caseAndKind}@throw");
        var set = await PeerExchangesAsync($"{caseAndKind}@set");
        foreach (var client in new[] { "python", "go" })
        {
            var a = thrown.Single(e => e.Client == client);
            var b = set.Single(e => e.Client == client);
            Assert.True(a.StatusIn == b.StatusIn, $"{client}: thrown: {a}\n set: {b}");
            Assert.True(a.Block.SequenceEqual(b.Block), $"{client}: the status blocks differ\n thrown: {string.Join(" ", a.Block)}\n set:    {string.Join(" ", b.Block)}");
        }
    }

    /// <summary>
    /// Serving every call of both peers, the server logged no error, and no warning but the trims the
    /// oversized statuses needed, each naming what it dropped.
    /// </summary>
    [Fact]
    public async Task ServerLog_HasNoErrors_AndWarnsOnlyOfTheTrims()
    {
        await fixture.PythonClientRun;
        await fixture.GoClientRun;
        var logs = fixture.Faultline.Logs;
        logs.AssertNoUnexpectedErrors();

        var warnings = logs.Records.Where(r => r.Level >= LogLevel.Warning).ToList();
        Assert.True(warnings.All(r => r.EventName == "StatusTrimmed"), $"unexpected warnings:\n{string.Join("\n", warnings.Where(r => r.EventName != "StatusTrimmed"))}");
        Assert.Contains(warnings, r => r.Message.Contains("Dropped details: [google.rpc.BadRequest]", StringComparison.Ordinal));
        Assert.Contains(warnings, r => r.Message.Contains("Dropped details: [google.rpc.LocalizedMessage]", StringComparison.Ordinal));
        Assert.Contains(warnings, r => r.Message.Contains("message truncated: True", StringComparison.Ordinal));
    }

    /// <summary>The exchanges of the Python and the Go client for <paramref name="caseId"/> (after both have run).</summary>
    private async Task<IReadOnlyList<WireExchange>> PeerExchangesAsync(string caseId)
    {
        var python = await fixture.PythonClientRun;
        var go = await fixture.GoClientRun;
        var exchanges = fixture.Faultline.ExchangesOf(caseId).Where(e => e.Client is "python" or "go").ToList();
        Assert.True(
            exchanges.Count(e => e.Client == "python") == 1 && exchanges.Count(e => e.Client == "go") == 1,
            $"expected one call from each peer for {caseId}, got:\n{string.Join("\n", exchanges)}\n{python.Excerpt(caseId)}\n{go.Excerpt(caseId)}");
        return exchanges;
    }
}
