using Faultline.FunctionalTests.Infrastructure;
using Faultline.FunctionalTests.Services;

namespace Faultline.FunctionalTests.Server;

/// <summary>Deadlines and cancellations end calls as grpc-dotnet ends them, quietly: they are not errors of the service.</summary>
public class DeadlineAndCancellationTests
{
    [Theory]
    [MemberData(nameof(CallKinds.All), MemberType = typeof(CallKinds))]
    public async Task DeadlineExceededWhileTheHandlerWaits_ClientGetsDeadlineExceeded_ServerLogsNoError(MethodType kind)
    {
        await using var server = await CallsServer.StartAsync();
        var client = server.CreateFaultlineClient();

        var outcome = await CallRunner.RunAsync(client, kind, new CallRequest { Mode = Modes.Slow, Size = 10_000 }, new CallOptions(deadline: DateTime.UtcNow.AddMilliseconds(300)));

        outcome.ErrorOf<DeadlineExceededException>();
        await server.DisposeAsync();
        server.Logs.AssertNoUnexpectedErrors();
    }

    [Theory]
    [MemberData(nameof(CallKinds.All), MemberType = typeof(CallKinds))]
    public async Task ClientCancelsWhileTheHandlerWaits_ServerLogsNoError(MethodType kind)
    {
        await using var server = await CallsServer.StartAsync();
        var client = server.CreateFaultlineClient();
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        var outcome = await CallRunner.RunAsync(client, kind, new CallRequest { Mode = Modes.Slow, Size = 10_000 }, new CallOptions(cancellationToken: cancellation.Token));

        Assert.Equal(StatusCode.Cancelled, outcome.ErrorOf<CancelledException>().StatusCode);
        await server.DisposeAsync();
        server.Logs.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task OperationCanceledException_WhileTheCallIsNotCancelled_IsAnUnexpectedException()
    {
        await using var server = await CallsServer.StartAsync();
        var client = server.CreateFaultlineClient();

        var ex = await Assert.ThrowsAsync<UnknownException>(async () => await client.UnaryAsync(new CallRequest { Mode = Modes.ThrowCanceledWhileRunning }));

        Assert.Equal("Exception was thrown by handler.", ex.Status.Detail);
        Assert.Single(server.Logs.Errors, e => e.EventName == "UnexpectedException");
    }
}
