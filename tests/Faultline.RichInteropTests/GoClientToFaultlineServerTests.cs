using Faultline.RichInteropTests.Catalog;
using Faultline.RichInteropTests.Infrastructure;
using Google.Protobuf.WellKnownTypes;

namespace Faultline.RichInteropTests;

/// <summary>
/// grpc-go (go/rich_client.go, Debian's grpc-go 1.33 and genproto) calls the Faultline server on every
/// case id. grpc-go takes a call's code and message from the google.rpc.Status when there is one, so
/// they must agree with grpc-status/grpc-message for it to show the right ones; its
/// <c>status.FromError(err).Details()</c> must unpack every standard detail (and Struct) to exactly
/// the bytes sent, and report the types it does not know rather than lose them.
/// </summary>
[Collection(RichInteropCollection.Name)]
public sealed class GoClientToFaultlineServerTests(RichInteropFixture fixture)
{
    /// <summary>The types linked into the Go client: the ten google.rpc details and google.protobuf.Struct.</summary>
    private static readonly HashSet<string> KnownToGo = [.. RichCases.StandardDetailTypes, Struct.Descriptor.FullName];

    public static TheoryData<string> Ids => new(CaseId.FaultlineServerIds());

    [Theory]
    [MemberData(nameof(Ids))]
    public async Task GoClient_ReadsTheRichStatusTheServerBuilt(string caseId)
    {
        var run = await fixture.GoClientRun;
        Assert.True(!run.Outcomes.TryGetValue(caseId, out var failure), $"{caseId} failed in the Go client: {failure}\n{run.Excerpt(caseId)}");

        var id = CaseId.Parse(caseId);
        var read = run.ReadOf(caseId);
        var wire = RichCases.Wire(id.Case);
        Assert.Equal(((int)wire.Code, wire.Message), (read.Code, read.Message));
        Assert.Equal(id.RepliesBeforeError, read.Replies);
        Bytes.Equal(RichCases.WireBytes(id.Case), read.Reserialized, "the status grpc-go decoded, marshalled again");
        Bytes.DetailsEqual(Bytes.Pairs(wire), read.Details, "details as grpc-go read them");

        Assert.Equal(read.Details.Count, read.Typed.Count);
        for (var i = 0; i < read.Details.Count; i++)
        {
            var (typeUrl, value) = read.Details[i];
            var typed = read.Typed[i];
            var typeName = Any.GetTypeName(typeUrl);
            if (KnownToGo.Contains(typeName))
            {
                Assert.True(typed.TypeName == typeName, $"detail {i} ({typeUrl}): Details() gave {typed}");
                Bytes.Equal(value, typed.Remarshalled, $"detail {i} ({typeUrl}) unpacked by grpc-go and marshalled again");
            }
            else
            {
                // CustomDetail and the opaque Any: grpc-go says it cannot unpack them; the bytes above are intact.
                Assert.True(typed.TypeName is null && typed.Error is { Length: > 0 }, $"detail {i} ({typeUrl}) of a type Go does not have: Details() gave {typed}");
            }
        }
    }

    /// <summary>The Go client was built offline from Debian's packages and its run finished in time.</summary>
    [Fact]
    public async Task GoClientRun_Completed()
    {
        var run = await fixture.GoClientRun;
        Assert.True(run.Completed && run.Process.ExitCode == 0, $"the Go client did not complete:\n{run.Process}\n--- Faultline server log ---\n{fixture.Faultline.DescribeLog()}");
        Assert.Equal(CaseId.FaultlineServerIds().Order(), run.Reads.Keys.Order());
    }
}
