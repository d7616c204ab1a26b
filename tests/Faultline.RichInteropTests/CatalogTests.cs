namespace Faultline.RichInteropTests;

/// <summary>Checks on the test material itself (no peer involved).</summary>
public sealed class CatalogTests
{
    /// <summary>The arithmetic behind near_limit / over_limit (see <see cref="RichCases.NearLimitLength"/>).</summary>
    [Fact]
    public void NearLimit_IsTheLastStatusInsideTheDefaultBudget()
    {
        static int BlockSize(RichStatus status)
        {
            var proto = status.ToProto().CalculateSize();
            return 512 + ("grpc-status".Length + 2 + 32) + ("grpc-message".Length + status.Message.Length + 32) +
                ("grpc-status-details-bin".Length + ((proto + 2) / 3 * 4) + 32);
        }

        var near = RichCases.Sent("near_limit");
        Assert.Equal(81 + RichCases.NearLimitLength, near.ToProto().CalculateSize());
        Assert.Equal(8191, BlockSize(near));
        Assert.Equal(8195, BlockSize(RichCases.Sent("over_limit")));
        Assert.Equal(8 * 1024, new Faultline.Server.FaultlineServerOptions().MaxStatusTrailerSize);
    }

    /// <summary>Every case the tests run is in the catalog, and the expected JSON carries each Faultline server case.</summary>
    [Fact]
    public void Catalog_CoversEveryCase()
    {
        foreach (var @case in RichCases.FaultlineServerCases.Concat(RichCases.PythonServerCases).Distinct())
        {
            var wire = RichCases.Wire(@case);
            Assert.NotEqual(StatusCode.OK, wire.Code);
            Assert.NotNull(RichCases.ExceptionType(wire.Code));
        }

        var json = System.Text.Json.Nodes.JsonNode.Parse(RichInteropFixture.ExpectedJson())!.AsObject();
        Assert.Equal(RichCases.FaultlineServerCases.Order(), json.Select(p => p.Key).Order());
        Assert.Equal(Convert.ToBase64String(RichCases.WireBytes("quota")!), json["quota"]!["status"]!.GetValue<string>());
    }
}
