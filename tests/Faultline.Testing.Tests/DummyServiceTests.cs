using System.Net.Sockets;
using Faultline.Testing.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace Faultline.Testing.Tests;

/// <summary>The kit itself: grpc_interceptor's DummyService semantics on each kind, special cases, the host.</summary>
public class DummyServiceTests(DefaultHostFixture fixture) : IClassFixture<DefaultHostFixture>
{
    private readonly DummyServiceHost _host = fixture.Host;

    [Fact]
    public async Task Execute_EchoesItsInput()
    {
        var reply = await _host.Client.ExecuteAsync(new DummyRequest { Input = "hello" });

        Assert.Equal("hello", reply.Output);
    }

    [Fact]
    public async Task ExecuteClientStream_ConcatenatesItsInputs()
    {
        var result = await _host.Client.CallAsync(MethodType.ClientStreaming, ["a", "bc", "", "d"]);

        Assert.Null(result.Error);
        Assert.Equal(["abcd"], result.Outputs);
    }

    [Fact]
    public async Task ExecuteServerStream_SendsOneMessagePerCharacter_SurrogatePairsWhole()
    {
        var result = await _host.Client.CallAsync(MethodType.ServerStreaming, "hé😀!");

        Assert.Null(result.Error);
        Assert.Equal(["h", "é", "😀", "!"], result.Outputs);
    }

    [Fact]
    public async Task ExecuteClientServerStream_AnswersEachInput()
    {
        var result = await _host.Client.CallAsync(MethodType.DuplexStreaming, ["x", "yy", "z"]);

        Assert.Null(result.Error);
        Assert.Equal(["x", "yy", "z"], result.Outputs);
    }

    [Fact]
    public async Task SpecialCases_SyncAsyncAndContextAware_ApplyPerMessage()
    {
        _host.SpecialCases.Add("kit/upper", (input, _) => input.ToUpperInvariant());
        _host.SpecialCases.Add("kit/async", async (_, context) =>
        {
            await Task.Yield();
            return "later";
        });
        _host.SpecialCases.Add("kit/method", (_, context) => context.Method);

        var unary = await _host.Client.CallAsync(MethodType.Unary, "kit/method");
        var clientStream = await _host.Client.CallAsync(MethodType.ClientStreaming, ["a", "kit/upper", "kit/async"]);
        var serverStream = await _host.Client.CallAsync(MethodType.ServerStreaming, "kit/async");
        var duplex = await _host.Client.CallAsync(MethodType.DuplexStreaming, ["kit/upper", "b", "kit/async"]);

        Assert.Equal(["/faultline.testing.DummyService/Execute"], unary.Outputs);
        Assert.Equal(["aKIT/UPPERlater"], clientStream.Outputs);
        Assert.Equal(["l", "a", "t", "e", "r"], serverStream.Outputs);
        Assert.Equal(["KIT/UPPER", "b", "later"], duplex.Outputs);
    }

    [Fact]
    public async Task Raises_FailsTheCallWithTheException_AndARaisesFactoryMakesOnePerCall()
    {
        var made = 0;
        _host.SpecialCases.Add("kit/raises", SpecialCases.Raises(new NotFoundException("No such thing.")));
        _host.SpecialCases.Add("kit/raises-new", SpecialCases.Raises(() => new AbortedException($"Attempt {Interlocked.Increment(ref made)}.")));

        var error = await Assert.ThrowsAsync<NotFoundException>(() => _host.Client.ExecuteAsync(new DummyRequest { Input = "kit/raises" }).ResponseAsync);
        var first = await Assert.ThrowsAsync<AbortedException>(() => _host.Client.ExecuteAsync(new DummyRequest { Input = "kit/raises-new" }).ResponseAsync);
        var second = await Assert.ThrowsAsync<AbortedException>(() => _host.Client.ExecuteAsync(new DummyRequest { Input = "kit/raises-new" }).ResponseAsync);

        Assert.Equal("No such thing.", error.Status.Detail);
        Assert.Equal("Attempt 1.", first.Status.Detail);
        Assert.Equal("Attempt 2.", second.Status.Detail);
    }

    [Fact]
    public void SpecialCases_RefuseASecondCaseForTheSameInput()
    {
        var cases = new SpecialCases { { "same", (input, _) => input } };

        var error = Assert.Throws<ArgumentException>(() => cases.Add("same", (input, _) => input + "!"));

        Assert.Contains("'same'", error.Message);
        Assert.Single(cases);
    }

    [Fact]
    public async Task Host_ServesOnLoopbackWithAnEphemeralPort_AndItsChannelAloneIsPlainGrpcDotnet()
    {
        _host.SpecialCases.Add("kit/plain", SpecialCases.Raises(new NotFoundException()));
        var plain = new DummyService.DummyServiceClient(_host.Channel);

        var error = await Assert.ThrowsAsync<RpcException>(() => plain.ExecuteAsync(new DummyRequest { Input = "kit/plain" }).ResponseAsync);

        Assert.Equal("127.0.0.1", _host.Address.Host);
        Assert.NotEqual(0, _host.Address.Port);
        Assert.Equal(DummyTransport.Kestrel, _host.Transport);
        Assert.Equal(typeof(RpcException), error.GetType());
        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Equal(NotFoundException.DefaultMessage, error.Status.Detail);
    }

    [Fact]
    public async Task Dispose_StopsTheServer()
    {
        var host = await DummyServiceHost.StartAsync();
        Assert.Equal("up", (await host.Client.ExecuteAsync(new DummyRequest { Input = "up" })).Output);

        await host.DisposeAsync();

        using var client = new TcpClient();
        await Assert.ThrowsAnyAsync<SocketException>(() => client.ConnectAsync(host.Address.Host, host.Address.Port));
    }

    [Fact]
    public async Task StartAsync_InvalidFaultlineOptions_FailsToStart()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => DummyServiceHost.StartAsync(configureFaultline: o => o.MaxStatusTrailerSize = 10));

        Assert.Contains(nameof(Faultline.AspNetCore.FaultlineServerOptions.MaxStatusTrailerSize), error.Message);
    }
}
