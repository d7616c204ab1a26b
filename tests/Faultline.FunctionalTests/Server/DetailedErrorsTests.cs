using Faultline.FunctionalTests.Infrastructure;
using Faultline.FunctionalTests.Services;
using Google.Rpc;
using Microsoft.Extensions.DependencyInjection;

namespace Faultline.FunctionalTests.Server;

/// <summary>Exception text and DebugInfo leave the server only with grpc-dotnet's EnableDetailedErrors, global or per service.</summary>
public class DetailedErrorsTests
{
    [Fact]
    public async Task EnableDetailedErrors_UnexpectedException_SendsTypeMessageAndDebugInfo()
    {
        await using var server = await CallsServer.StartAsync(grpcOptions: o => o.EnableDetailedErrors = true);
        var client = server.CreateFaultlineClient();

        var ex = await Assert.ThrowsAsync<UnknownException>(async () => await client.UnaryAsync(new CallRequest { Mode = Modes.ThrowUnexpected }));

        Assert.Equal("Exception was thrown by handler. InvalidOperationException: secret internal detail", ex.Status.Detail);
        var debug = ex.RichStatus.DebugInfo!;
        Assert.Equal("System.InvalidOperationException: secret internal detail", debug.Detail);
        Assert.Contains(debug.StackEntries, e => e.Contains(nameof(CallsService), StringComparison.Ordinal));
    }

    [Fact]
    public async Task EnableDetailedErrors_DebugInfoTheServiceAttached_IsSent()
    {
        await using var server = await CallsServer.StartAsync(grpcOptions: o => o.EnableDetailedErrors = true);
        var client = server.CreateFaultlineClient();

        var ex = await Assert.ThrowsAsync<InternalException>(async () => await client.UnaryAsync(new CallRequest { Mode = Modes.ThrowDebugInfo }));

        Assert.Equal("secret debug detail", ex.GetDetail<DebugInfo>()!.Detail);
    }

    [Fact]
    public async Task PerServiceDetailedErrors_OverridesTheGlobalSetting()
    {
        await using var server = await CallsServer.StartAsync(
            grpcOptions: o => o.EnableDetailedErrors = false,
            configureBuilder: b => b.Services.AddGrpc().AddServiceOptions<CallsService>(o => o.EnableDetailedErrors = true));
        var client = server.CreateFaultlineClient();

        var ex = await Assert.ThrowsAsync<UnknownException>(async () => await client.UnaryAsync(new CallRequest { Mode = Modes.ThrowUnexpected }));

        Assert.Contains("secret internal detail", ex.Status.Detail, StringComparison.Ordinal);
        Assert.NotNull(ex.RichStatus.DebugInfo);
    }

    [Fact]
    public async Task DetailedErrorsOff_SetRichStatusWithDebugInfo_DropsIt()
    {
        await using var server = await CallsServer.StartAsync();
        var client = server.CreateFaultlineClient();

        var ex = await Assert.ThrowsAsync<InternalException>(async () => await client.UnaryAsync(new CallRequest { Mode = Modes.ThrowDebugInfo }));

        Assert.Empty(ex.Details);
    }
}
