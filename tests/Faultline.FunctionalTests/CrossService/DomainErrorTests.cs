using Faultline.AspNetCore;
using Faultline.FunctionalTests.Infrastructure;
using Faultline.FunctionalTests.Services;
using Faultline.TestInfrastructure;
using Google.Rpc;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Faultline.FunctionalTests.CrossService;

/// <summary>
/// A domain exception crosses a service boundary: the server sends it as an ErrorInfo; a client that
/// registered the (domain, reason) gets the .NET exception back, marked remote; any other client, or
/// any unregistered pair, gets the typed exception with details; a front service relays or wraps it.
/// </summary>
public sealed class DomainErrorTests : IAsyncLifetime
{
    private CallsServer _server = null!;

    public async Task InitializeAsync() => _server = await CallsServer.StartAsync(o => o.Exceptions.MapDomainErrors(ThingErrors.Catalog));

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [MemberData(nameof(CallPaths.Kinds), MemberType = typeof(CallPaths))]
    public async Task RegisteredPair_BecomesTheDomainException_MarkedRemote(MethodType kind)
    {
        var client = _server.CreateFaultlineClient(o => o.DomainErrors.Add(ThingErrors.Catalog));

        var outcome = await CallRunner.RunAsync(client, kind, new CallRequest { Mode = Modes.ThrowDomain, Text = "t-9" });

        var missing = outcome.ErrorOf<ThingMissingException>();
        Assert.Equal("t-9", missing.Thing);
        var origin = Assert.IsType<NotFoundException>(missing.GetRemoteError());
        Assert.True(origin.IsRemote);
        Assert.Equal("There is no thing called t-9.", origin.Status.Detail);
        Assert.Equal(("THING_MISSING", ThingErrors.Domain), (origin.Reason, origin.Domain));
        _server.Logs.AssertNoUnexpectedErrors();
    }

    [Theory]
    [MemberData(nameof(CallPaths.Kinds), MemberType = typeof(CallPaths))]
    public async Task ClientWithoutTheCatalog_GetsTheTypedException_WithTheErrorInfo(MethodType kind)
    {
        var outcome = await CallRunner.RunAsync(_server.CreateFaultlineClient(), kind, new CallRequest { Mode = Modes.ThrowDomain, Text = "t-9" });

        var error = outcome.ErrorOf<NotFoundException>();
        Assert.Equal("THING_MISSING", error.Reason);
        Assert.Equal(ThingErrors.Domain, error.Domain);
        Assert.Equal("t-9", error.ErrorMetadata["thing"]);
    }

    [Fact]
    public async Task NameOnTheWire_NeverSelectsAType()
    {
        // THING_NOT_FOUND of calls.faultline.test arrives; the client knows that domain's reason
        // only with another code, and THING_MISSING only in another domain.
        var lookalikes = new DomainErrorCatalog(CallsService.Domain)
            .Add<ThingMissingException>("THING_NOT_FOUND", StatusCode.AlreadyExists, fromError: e => new ThingMissingException("x"));
        var otherReason = new DomainErrorCatalog(CallsService.Domain)
            .Add<InvalidOperationException>("SOMETHING_ELSE", StatusCode.NotFound, fromError: e => new InvalidOperationException());
        var client = _server.CreateFaultlineClient(o =>
        {
            o.DomainErrors.Add(lookalikes);
            o.DomainErrors.Add(otherReason);
            o.DomainErrors.Add(ThingErrors.Catalog);
        });

        var error = await Assert.ThrowsAsync<NotFoundException>(async () => await client.UnaryAsync(new CallRequest { Mode = Modes.ThrowTyped, Text = "t-1" }));

        Assert.Equal("THING_NOT_FOUND", error.Reason);
    }

    [Fact]
    public async Task ServerWithoutTheCatalog_TreatsTheDomainExceptionAsUnexpected()
    {
        await using var server = await CallsServer.StartAsync();

        var error = await Assert.ThrowsAsync<UnknownException>(async () => await server.CreateFaultlineClient().UnaryAsync(new CallRequest { Mode = Modes.ThrowDomain, Text = "t-9" }));

        Assert.DoesNotContain("t-9", error.Status.Detail, StringComparison.Ordinal);
        server.Logs.AssertNoUnexpectedErrors("UnexpectedException");
    }

    [Fact]
    public async Task FrontService_RelaysAnUncaughtDownstreamError_WithoutTheDownstreamTrailers()
    {
        await using var front = await StartFrontAsync(_server.Address);

        var error = await Assert.ThrowsAsync<NotFoundException>(async () => await front.Client.UnaryAsync(new CallRequest { Mode = Modes.TrailersBoth }));

        Assert.DoesNotContain(error.Trailers, t => t.Key.StartsWith("x-", StringComparison.Ordinal));
        Assert.Single(front.Logs.Records, r => r.EventName == "RelayedStatus");
        front.Logs.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task FrontService_CatchesTheDomainExceptionByType_AndFailsWithItsOwnStatus()
    {
        await using var front = await StartFrontAsync(_server.Address);

        var error = await Assert.ThrowsAsync<FailedPreconditionException>(async () => await front.Client.UnaryAsync(new CallRequest { Mode = RelayService.CatchMode + Modes.ThrowDomain, Text = "t-3" }));

        Assert.Equal("Cannot relay: There is no thing called t-3.", error.Status.Detail);
        Assert.Equal("t-3", error.GetDetail<PreconditionFailure>()!.Violations[0].Subject);
        Assert.Null(error.ErrorInfo);
    }

    [Fact]
    public async Task FrontService_RelayingAnUnreachableDownstream_DoesNotLeakItsAddress()
    {
        var unreachable = new Uri("http://127.0.0.1:9");
        await using var front = await StartFrontAsync(unreachable);

        var error = await Assert.ThrowsAsync<UnavailableException>(async () => await front.Client.UnaryAsync(new CallRequest { Mode = Modes.Ok }));

        Assert.Equal(UnavailableException.DefaultMessage, error.Status.Detail);
        Assert.DoesNotContain("127.0.0.1", error.Status.Detail, StringComparison.Ordinal);
    }

    private static async Task<Front> StartFrontAsync(Uri downstream)
    {
        var logs = new LogSink();
        var builder = FaultlineTestHost.CreateBuilder(logs);
        builder.Services.AddSingleton(new RelayService.Downstream(downstream));
        var app = builder.Build();
        app.MapGrpcService<RelayService>();
        var addresses = await FaultlineTestHost.StartAsync(app);
        return new Front(app, logs, Grpc.Net.Client.GrpcChannel.ForAddress(addresses[0]));
    }

    private sealed class Front(WebApplication app, LogSink logs, Grpc.Net.Client.GrpcChannel channel) : IAsyncDisposable
    {
        public LogSink Logs => logs;

        public Calls.CallsClient Client { get; } = new(channel.WithFaultline());

        public async ValueTask DisposeAsync()
        {
            channel.Dispose();
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
