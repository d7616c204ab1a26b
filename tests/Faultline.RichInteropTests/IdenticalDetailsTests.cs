using Google.Protobuf;
using Faultline.Client;

namespace Faultline.RichInteropTests;

/// <summary>
/// "A Python client and the Faultline client read identical details": both clients make the same
/// call to the same Faultline server; what each read — the raw grpc-status-details-bin, the decoded
/// status re-serialized, every detail's type URL and bytes, the code and message — must be equal
/// byte for byte (and equal to the C# catalog).
/// </summary>
[Collection(RichInteropCollection.Name)]
public sealed class IdenticalDetailsTests(RichInteropFixture fixture)
{
    public static TheoryData<string> CaseIds => new(RichCases.Ids(RichCases.FaultlineServerCases));

    [Theory]
    [MemberData(nameof(CaseIds))]
    public async Task PythonAndFaultlineClients_ReadIdenticalDetails(string caseId)
    {
        var (@case, kind) = RichCases.Split(caseId);
        var run = await fixture.PythonClientRun;
        Assert.True(run.Reads.TryGetValue(caseId, out var python), $"the Python client read nothing for {caseId}\n{run.Excerpt(caseId)}");

        using var channel = GrpcChannel.ForAddress(fixture.Faultline.Address);
        var (ex, replies) = await RichCalls.FailAsync(new RichErrors.RichErrorsClient(channel), @case, kind).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(RichCalls.RepliesBeforeError(kind), replies.Count);

        // Code and message.
        Assert.Equal((python.Code, python.Message), ((int)ex.StatusCode, ex.Status.Message));

        // The trailer, as each client received it, and the catalog's bytes.
        var expected = RichCases.WireBytes(@case);
        var faultlineRaw = RichCalls.RawDetails(ex);
        RichCalls.BytesEqual(python.Raw, faultlineRaw, "grpc-status-details-bin: Python client vs Faultline client");
        RichCalls.BytesEqual(expected, faultlineRaw, "grpc-status-details-bin: catalog vs Faultline client");

        // The decoded status, re-serialized by each side.
        if (expected is null)
        {
            Assert.Null(python.Reserialized);
            Assert.Empty(ex.RichStatus.Details);
            Assert.Null(StatusDetailsReader.ReadStrict(ex));
        }
        else
        {
            RichCalls.BytesEqual(python.Reserialized, ex.RichStatus.ToProto().ToByteArray(), "decoded status: Python vs Faultline (RichStatus)");
            RichCalls.BytesEqual(python.Reserialized, StatusDetailsReader.ReadStrict(ex)!.ToTrailerBytes(), "decoded status: Python vs Faultline (ReadStrict)");
        }

        // Each detail: same type URL and bytes, in the same order.
        RichCalls.DetailsEqual(python.Details, RichCalls.Pairs(ex.RichStatus), "details: Python vs Faultline");
    }
}
