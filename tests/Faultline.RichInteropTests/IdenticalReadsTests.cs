using Faultline.RichInteropTests.Catalog;
using Faultline.RichInteropTests.Infrastructure;

namespace Faultline.RichInteropTests;

/// <summary>
/// "Every client reads identical details": the Faultline client (<c>channel.WithFaultline()</c>,
/// leniently and strictly) makes the same call as the Python and the Go client did to the same
/// Faultline server; the typed exception it throws, and what each of the three read — code,
/// message, every detail's type URL and bytes, the raw trailer where the client shows it — are equal
/// byte for byte.
/// </summary>
[Collection(RichInteropCollection.Name)]
public sealed class IdenticalReadsTests(RichInteropFixture fixture)
{
    public static TheoryData<string> Ids => new(CaseId.FaultlineServerIds());

    [Theory]
    [MemberData(nameof(Ids))]
    public async Task PythonGoAndFaultlineClients_ReadIdenticalDetails(string caseId)
    {
        var id = CaseId.Parse(caseId);
        var python = (await fixture.PythonClientRun).ReadOf(caseId);
        var go = (await fixture.GoClientRun).ReadOf(caseId);
        var wire = RichCases.Wire(id.Case);

        foreach (var strict in new[] { false, true })
        {
            var what = strict ? "Faultline client (strict)" : "Faultline client";
            var invoker = fixture.FaultlineChannel.WithFaultline(o => o.StrictStatusDetails = strict);
            var (error, replies) = await RichCalls.FailAsync(invoker, id).WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(id.RepliesBeforeError, replies.Count);
            var ex = Assert.IsAssignableFrom<GrpcException>(error);
            Assert.True(ex.GetType() == RichCases.ExceptionType(wire.Code), $"{what}: {ex.GetType().Name}, expected {RichCases.ExceptionType(wire.Code).Name}: {ex}");
            Assert.True(ex.IsRemote, $"{what}: the exception was not read from the call");

            // Code and message: the three clients and the catalog.
            Assert.Equal(((int)wire.Code, wire.Message), ((int)ex.StatusCode, ex.Status.Detail));
            Assert.Equal((python.Code, python.Message), ((int)ex.StatusCode, ex.Status.Detail));
            Assert.Equal((go.Code, go.Message), ((int)ex.StatusCode, ex.Status.Detail));
            Assert.Equal((ex.StatusCode, ex.Status.Detail), (ex.RichStatus.Code, ex.RichStatus.Message));

            // The trailer as grpcio and grpc-dotnet received it; the status as each decoded it.
            Bytes.Equal(python.Raw, RichCalls.RawDetails(ex), $"grpc-status-details-bin: Python client vs {what}");
            Bytes.Equal(RichCases.WireBytes(id.Case), ex.RichStatus.ToTrailerBytes(), $"{what}: RichStatus re-serialized");
            Bytes.Equal(go.Reserialized, ex.RichStatus.ToTrailerBytes(), $"decoded status: Go client vs {what}");

            // Each detail: same type URL and bytes, in the same order.
            Bytes.DetailsEqual(python.Details, Bytes.Pairs(ex.RichStatus), $"details: Python client vs {what}");
            Bytes.DetailsEqual(go.Details, Bytes.Pairs(ex.RichStatus), $"details: Go client vs {what}");
        }
    }
}
