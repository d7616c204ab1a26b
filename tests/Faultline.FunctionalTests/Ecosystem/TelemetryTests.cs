using System.Collections.Concurrent;
using System.Diagnostics;
using Faultline.FunctionalTests.Infrastructure;
using Faultline.FunctionalTests.Services;

namespace Faultline.FunctionalTests.Ecosystem;

/// <summary>Activities listen process-wide, so these tests run alone.</summary>
[CollectionDefinition(nameof(TelemetryCollection), DisableParallelization = true)]
public sealed class TelemetryCollection;

/// <summary>
/// grpc-dotnet's tracing still reports each call's real status with Faultline installed: the server's
/// request activity and the client's GrpcOut activity carry the status code the client received.
/// </summary>
[Collection(nameof(TelemetryCollection))]
public sealed class TelemetryTests : IDisposable
{
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ActivityListener _listener;

    public TelemetryTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Microsoft.AspNetCore" or "Grpc.Net.Client",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Dispose() => _listener.Dispose();

    [Theory]
    [InlineData(Modes.ThrowTyped, StatusCode.NotFound)]
    [InlineData(Modes.SetRich, StatusCode.ResourceExhausted)]
    [InlineData(Modes.ThrowUnexpected, StatusCode.Unknown)]
    [InlineData(Modes.Ok, StatusCode.OK)]
    public async Task ServerAndClientActivities_CarryTheCallsStatusCode(string mode, StatusCode expected)
    {
        await using var server = await CallsServer.StartAsync();
        var client = server.CreateFaultlineClient();

        await CallRunner.RunAsync(client, MethodType.Unary, new CallRequest { Mode = mode });
        await server.DisposeAsync();

        var code = ((int)expected).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var serverActivity = Assert.Single(_stopped, a => a.OperationName == "Microsoft.AspNetCore.Hosting.HttpRequestIn" && (string?)a.GetTagItem("grpc.method") == CallPaths.Unary);
        var clientActivity = Assert.Single(_stopped, a => a.OperationName == "Grpc.Net.Client.GrpcOut");
        Assert.Equal(code, serverActivity.GetTagItem("grpc.status_code"));
        Assert.Equal(code, clientActivity.GetTagItem("grpc.status_code"));
    }
}
