using Faultline.Testing.Tests.Infrastructure;

namespace Faultline.Testing.Tests;

/// <summary>The in-memory transport: the same service logic, but not the wire's limits.</summary>
public class TransportTests
{
    // More response header bytes than SocketsHttpHandler's 64 KiB MaxResponseHeadersLength.
    private static readonly string Oversized = new('x', 70 * 1024);

    private static SpecialCases Cases() => new()
    {
        { "missing", SpecialCases.Raises(() => new NotFoundException("Not here either.")) },
        { "huge-trailer", (input, context) =>
            {
                context.ResponseTrailers.Add("x-huge", Oversized);
                return input;
            }
        },
    };

    [Fact]
    public async Task InMemory_RunsTheServiceAndThePipelines_OnEveryKind()
    {
        await using var host = await DummyServiceHost.StartAsync(new DummyServiceHostOptions { SpecialCases = Cases(), Transport = DummyTransport.InMemory });

        foreach (var kind in DummyCalls.Kinds)
        {
            var ok = await host.Client.CallAsync(kind, Kinds.EndingWith(kind, "ab"));
            var failed = await host.Client.CallAsync(kind, Kinds.EndingWith(kind, "missing"));

            Assert.Null(ok.Error);
            Assert.Equal(Kinds.OutputsBefore(kind), failed.Outputs);
            Assert.Equal("Not here either.", Assert.IsType<NotFoundException>(failed.Error).Status.Detail);
        }

        Assert.Equal(DummyTransport.InMemory, host.Transport);
    }

    [Fact]
    public async Task OversizedTrailers_FailOnTheWire_ButPassInMemory()
    {
        await using var wire = await DummyServiceHost.StartAsync(Cases());
        await using var memory = await DummyServiceHost.StartAsync(new DummyServiceHostOptions { SpecialCases = Cases(), Transport = DummyTransport.InMemory });

        var onTheWire = await wire.Client.CallAsync(MethodType.Unary, "huge-trailer");
        var inMemory = memory.Client.ExecuteAsync(new DummyRequest { Input = "huge-trailer" });

        Assert.Equal(StatusCode.Unavailable, Assert.IsAssignableFrom<RpcException>(onTheWire.Error).StatusCode);
        Assert.Equal("huge-trailer", (await inMemory.ResponseAsync).Output);
        Assert.Equal(Oversized, inMemory.GetTrailers().GetValue("x-huge"));
    }
}
