using Faultline.Client;
using Faultline.FunctionalTests.Infrastructure;
using Faultline.FunctionalTests.Services;

namespace Faultline.FunctionalTests.Client;

/// <summary>
/// A channel set to ThrowOperationCanceledOnCancellation keeps throwing OperationCanceledException for
/// cancellation and deadlines, as a <see cref="GrpcCanceledException"/> carrying the typed status.
/// </summary>
public sealed class CancellationTranslationTests : IAsyncLifetime
{
    private CallsServer _server = null!;
    private Calls.CallsClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await CallsServer.StartAsync();
        _client = _server.CreateFaultlineClient(channel: o => o.ThrowOperationCanceledOnCancellation = true);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task LocalDeadline_ThrowsGrpcCanceledException_WithDeadlineExceeded()
    {
        var ex = await Assert.ThrowsAsync<GrpcCanceledException>(async () =>
            await _client.UnaryAsync(new CallRequest { Mode = Modes.Slow, Size = 5000 }, deadline: DateTime.UtcNow.AddMilliseconds(100)));

        Assert.IsAssignableFrom<OperationCanceledException>(ex);
        Assert.IsType<DeadlineExceededException>(ex.Error);
        Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
    }

    [Fact]
    public async Task ServerSentDeadlineExceeded_CarriesTheServersDetails()
    {
        var ex = await Assert.ThrowsAsync<GrpcCanceledException>(async () => await _client.UnaryAsync(new CallRequest { Mode = Modes.ThrowDeadline }));

        var error = Assert.IsType<DeadlineExceededException>(ex.Error);
        Assert.Equal("DOWNSTREAM_TIMEOUT", error.Reason);
        Assert.Equal("The inventory service did not answer in time.", error.Status.Detail);
    }

    [Fact]
    public async Task CallerCancellation_KeepsTheCallersToken()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        var ex = await Assert.ThrowsAsync<GrpcCanceledException>(async () =>
            await _client.UnaryAsync(new CallRequest { Mode = Modes.Slow, Size = 5000 }, cancellationToken: cancellation.Token));

        Assert.Equal(cancellation.Token, ex.CancellationToken);
        Assert.IsType<CancelledException>(ex.Error);
    }

    [Fact]
    public async Task StreamRead_Deadline_ThrowsGrpcCanceledException()
    {
        using var call = _client.ServerStream(new CallRequest { Mode = Modes.Slow, Size = 5000, Count = 1 }, deadline: DateTime.UtcNow.AddMilliseconds(200));
        Assert.True(await call.ResponseStream.MoveNext());

        var ex = await Assert.ThrowsAsync<GrpcCanceledException>(() => call.ResponseStream.MoveNext());

        Assert.IsType<DeadlineExceededException>(ex.Error);
    }

    [Fact]
    public async Task OtherFailures_AreTypedAsUsual()
    {
        await Assert.ThrowsAsync<NotFoundException>(async () => await _client.UnaryAsync(new CallRequest { Mode = Modes.ThrowTyped }));
    }
}
