using Faultline.Testing.Tests.Infrastructure;
using Faultline.Testing.Tests.Interceptors;

namespace Faultline.Testing.Tests;

/// <summary>
/// Client interceptors on the kit's client: outside the Faultline client pipeline, in the order
/// given, they add metadata the service reads and see the typed exceptions.
/// </summary>
public class ClientInterceptorTests
{
    private static SpecialCases EchoingTenant() => new()
    {
        { "tenant", (_, context) => context.RequestHeaders.GetValue("x-tenant") ?? "none" },
        { "missing", SpecialCases.Raises(() => new NotFoundException("No such entity.")) },
    };

    [Fact]
    public async Task HeaderAdder_AddsMetadataTheServiceReads_OnEveryKind()
    {
        await using var host = await DummyServiceHost.StartAsync(EchoingTenant(), clientInterceptors: [new HeaderAdder("x-tenant", "blue")]);

        foreach (var kind in DummyCalls.Kinds)
        {
            var result = await host.Client.CallAsync(kind, "tenant", new Metadata { { "x-other", "kept" } });

            Assert.Null(result.Error);
            Assert.Equal("blue", result.Output);
        }
    }

    [Fact]
    public async Task CodeCounter_CountsOutcomesByCode_AndSeesTheTypedExceptions()
    {
        var counter = new CodeCounter();
        await using var host = await DummyServiceHost.StartAsync(EchoingTenant(), clientInterceptors: [counter]);

        await host.Client.CallAsync(MethodType.Unary, "ok");
        await host.Client.CallAsync(MethodType.Unary, "missing");
        await host.Client.CallAsync(MethodType.ClientStreaming, ["a", "missing"]);
        await host.Client.CallAsync(MethodType.ClientStreaming, ["a", "b"]);
        await host.Client.CallAsync(MethodType.Unary, "ok");

        Assert.Equal(new Dictionary<StatusCode, int> { [StatusCode.OK] = 3, [StatusCode.NotFound] = 2 }, counter.Codes);
        Assert.All(counter.Exceptions, e => Assert.IsType<NotFoundException>(e));
    }

    [Fact]
    public async Task ClientInterceptors_RunInTheOrderGiven_TheLaterOneSeesTheEarlierOnesHeaders()
    {
        var cases = new SpecialCases { { "tenant", (_, context) => context.RequestHeaders.GetValue("x-tenant") ?? "none" } };
        await using var host = await DummyServiceHost.StartAsync(cases, clientInterceptors: [new HeaderAdder("x-tenant", "outer"), new HeaderAdder("x-tenant", "inner")]);
        var other = host.CreateClient(new HeaderAdder("x-tenant", "only"));

        // Kestrel hands the service a repeated request header as one value, joined in the order sent.
        Assert.Equal("outer, inner", (await host.Client.CallAsync(MethodType.Unary, "tenant")).Output);
        Assert.Equal("only", (await other.CallAsync(MethodType.Unary, "tenant")).Output);
    }
}
