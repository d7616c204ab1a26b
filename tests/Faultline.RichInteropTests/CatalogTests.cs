using Faultline.AspNetCore;
using Faultline.RichInteropTests.Catalog;
using Faultline.RichInteropTests.Infrastructure;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Faultline.RichInteropTests;

/// <summary>Checks on the test material itself: the catalog covers what it claims, and both catalogs agree.</summary>
public sealed class CatalogTests
{
    /// <summary>The arithmetic behind near_limit / over_limit (see <see cref="RichCases.NearLimitLength"/>).</summary>
    [Fact]
    public void NearLimit_IsTheLastStatusInsideTheDefaultBudget()
    {
        // As FaultlineServerOptions.MaxStatusTrailerSize documents the count: 512 for the other headers,
        // then name + value + 32 per field, -bin values as padded base64.
        static int BlockSize(RichStatus status)
        {
            var proto = status.ToProto().CalculateSize();
            return 512 + ("grpc-status".Length + 1 + 32) + ("grpc-message".Length + RichCases.PercentEncodedLength(status.Message) + 32) +
                ("grpc-status-details-bin".Length + ((proto + 2) / 3 * 4) + 32);
        }

        var near = RichCases.Sent("near_limit");
        Assert.Equal(81 + RichCases.NearLimitLength, near.ToProto().CalculateSize());
        Assert.Equal(8190, BlockSize(near));
        Assert.Equal(8194, BlockSize(RichCases.Sent("over_limit")));
        Assert.Equal(8 * 1024, new FaultlineServerOptions().MaxStatusTrailerSize);
    }

    [Fact]
    public void SingleDetailCases_CarryOneOfEachStandardType_AndManyDetailsAllTen()
    {
        for (var i = 0; i < RichCases.SingleDetail.Length; i++)
        {
            var detail = Assert.Single(RichCases.Sent(RichCases.SingleDetail[i]).Details);
            Assert.Equal(RichCases.StandardDetailTypes[i], Any.GetTypeName(detail.TypeUrl));
        }

        Assert.Equal(RichCases.StandardDetailTypes.Order(), RichCases.Sent("many_details").Details.Select(d => Any.GetTypeName(d.TypeUrl)).Order());
        Assert.Equal(10, RichCases.StandardDetailTypes.Distinct().Count());
    }

    [Fact]
    public void EveryCase_FailsWithACodeTheTestsHaveAnExceptionTypeFor()
    {
        foreach (var @case in RichCases.FaultlineServerCases)
        {
            Assert.NotEqual(StatusCode.OK, RichCases.Wire(@case).Code);
            Assert.NotNull(RichCases.ExceptionType(RichCases.Wire(@case).Code));
        }
    }

    /// <summary>python/rich_cases.py builds every status independently; both must serialize to the same bytes.</summary>
    [Fact]
    public async Task PythonCatalog_SerializesLikeTheCSharpCatalog()
    {
        await Peer.Python.EnsureAvailableAsync();
        var dump = await Peer.Python.RunAsync(TimeSpan.FromSeconds(30), "rich_cases.py", "--dump");
        Assert.True(dump.ExitCode == 0, dump.ToString());

        var python = dump.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(' ')).ToDictionary(parts => parts[0], parts => Convert.FromBase64String(parts[1]));
        Assert.Equal(RichCases.FaultlineServerCases, python.Keys);
        foreach (var @case in RichCases.FaultlineServerCases)
        {
            Bytes.Equal(RichCases.WireBytes(@case), python[@case], $"catalogs disagree on '{@case}' (C# vs Python)");
        }
    }

    [Fact]
    public async Task PythonClient_ListsTheSameCaseIds()
    {
        await Peer.Python.EnsureAvailableAsync();
        var list = await Peer.Python.RunAsync(TimeSpan.FromSeconds(30), "rich_client.py", "--list");
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Equal(CaseId.FaultlineServerIds(), list.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    [Fact]
    public void ExpectedJson_PublishesEveryFaultlineServerCase()
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(RichInteropFixture.ExpectedJson())!.AsObject();
        Assert.Equal(RichCases.FaultlineServerCases.Order(), json.Select(p => p.Key).Order());
        Assert.Equal(Convert.ToBase64String(RichCases.WireBytes("quota_failure")), json["quota_failure"]!["status"]!.GetValue<string>());
        Assert.Equal(RichCases.TruncatedLongMessage, json["long_message"]!["message"]!.GetValue<string>());
    }

    [Fact]
    public void UnknownDetails_KeepTheirOpaqueBytes()
    {
        var opaque = RichCases.Sent("unknown_details").Details.Single(d => d.TypeUrl == RichCases.OpaqueTypeUrl);
        Assert.Equal(RichCases.OpaqueValue, opaque.Value.ToByteArray());
        Assert.Equal(RichCases.OpaqueValue, Google.Rpc.Status.Parser.ParseFrom(RichCases.WireBytes("unknown_details")).Details[2].Value.ToByteArray());
    }
}
