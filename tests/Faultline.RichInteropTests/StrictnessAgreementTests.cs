using Faultline.RichInteropTests.Catalog;
using Faultline.RichInteropTests.Infrastructure;
using Grpc.Net.Client;

namespace Faultline.RichInteropTests;

/// <summary>
/// Strict reading agrees with grpcio-status: for good and broken details trailers from
/// python/rich_server.py, the Faultline client with <c>StrictStatusDetails</c> throws
/// <see cref="RichStatusMismatchException"/> exactly where Python's strict from_call raises its
/// ValueError (for the same field: code first, then message), <see cref="MalformedStatusDetailsException"/>
/// where it lets protobuf's DecodeError through, and reads the status where from_call returns it. Both
/// see the call's own code and message; the lenient Faultline client keeps those whatever the trailer.
/// </summary>
[Collection(RichInteropCollection.Name)]
public sealed class StrictnessAgreementTests(RichInteropFixture fixture)
{
    public static TheoryData<string> Ids => new(RichInteropFixture.StrictIds());

    [Theory]
    [MemberData(nameof(Ids))]
    public async Task FaultlineStrict_AgreesWithPythonFromCall(string caseId)
    {
        var run = await fixture.StrictRun;
        Assert.True(run.Strict.TryGetValue(caseId, out var python), $"rich_client.py --strict-report reported nothing for {caseId}.\n{run.Excerpt(caseId)}");

        var server = await fixture.PythonServer;
        using var channel = GrpcChannel.ForAddress(server.Address);
        var id = CaseId.Parse(caseId);
        var (strict, _) = await RichCalls.FailAsync(channel.WithFaultline(o => o.StrictStatusDetails = true), id).WaitAsync(TimeSpan.FromSeconds(30));
        var (lenient, _) = await RichCalls.FailAsync(channel.WithFaultline(), id).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(Outcome(strict) == python.Outcome, $"Faultline strict: {Outcome(strict)} ({strict.GetType().Name}: {strict.Message}); Python from_call: {python.Outcome} ({python.Error})");
        Assert.Equal((python.Code, python.Message), ((int)strict.StatusCode, strict.Status.Detail));
        var typed = Assert.IsAssignableFrom<GrpcException>(lenient);
        Assert.Equal((python.Code, python.Message), ((int)typed.RichStatus.Code, typed.RichStatus.Message));
    }

    /// <summary>The strict outcome of a Faultline client's call, in the words of the STRICT lines.</summary>
    private static string Outcome(RpcException error) => error switch
    {
        MalformedStatusDetailsException => "malformed",
        RichStatusMismatchException mismatch => mismatch.DetailsStatus.Code != mismatch.StatusCode ? "mismatch_code" : "mismatch_message",
        GrpcException typed => RichCalls.RawDetails(typed) is null ? "none" : "ok",
        _ => $"untranslated {error.GetType().Name}",
    };
}
