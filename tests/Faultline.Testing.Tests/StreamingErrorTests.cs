using Faultline.Testing.Tests.Infrastructure;
using Faultline.Testing.Tests.Interceptors;

namespace Faultline.Testing.Tests;

/// <summary>
/// Errors inside streaming calls, the seeds' users' first complaint: after N messages the client has
/// the N messages, then the typed status; a ServerInterceptor sees the exception wherever it happens.
/// </summary>
public class StreamingErrorTests(StreamingErrorTests.Fixture fixture) : IClassFixture<StreamingErrorTests.Fixture>
{
    private readonly DummyServiceHost _host = fixture.Host;
    private readonly ErrorRecorder _recorder = fixture.Recorder;

    [Fact]
    public async Task ClientStream_FailingOnTheThirdMessage_FailsTheCallWithItsStatus()
    {
        var result = await _host.Client.CallAsync(MethodType.ClientStreaming, ["a", "b", "streaming/not-found", "c"]);

        var error = Assert.IsType<NotFoundException>(result.Error);
        Assert.Equal("Third time unlucky.", error.Status.Detail);
        Assert.Empty(result.Outputs);
        Assert.Contains(_recorder.Errors, e => e.Method == "ExecuteClientStream" && e.Exception is NotFoundException);
    }

    [Fact]
    public async Task Duplex_FailingAfterTwoMessages_DeliversThemThenTheStatus()
    {
        var result = await _host.Client.CallAsync(MethodType.DuplexStreaming, ["a", "b", "streaming/not-found", "c"]);

        Assert.Equal(["a", "b"], result.Outputs);
        var error = Assert.IsType<NotFoundException>(result.Error);
        Assert.Equal("Third time unlucky.", error.Status.Detail);
        Assert.Contains(_recorder.Errors, e => e.Method == "ExecuteClientServerStream" && e.Exception is NotFoundException);
    }

    [Fact]
    public async Task Duplex_UnexpectedExceptionAfterTwoMessages_IsUnknownAfterThem()
    {
        var result = await _host.Client.CallAsync(MethodType.DuplexStreaming, ["a", "b", "streaming/crash"]);

        Assert.Equal(["a", "b"], result.Outputs);
        var error = Assert.IsType<UnknownException>(result.Error);
        Assert.Equal("Exception was thrown by handler.", error.Status.Detail);
        Leaks.AssertNone(error, "stack of internals");
    }

    [Fact]
    public async Task ServerStream_SpecialCase_FailsBeforeTheFirstMessage()
    {
        var result = await _host.Client.CallAsync(MethodType.ServerStreaming, "streaming/not-found");

        Assert.Empty(result.Outputs);
        Assert.IsType<NotFoundException>(result.Error);
    }

    [Theory]
    [InlineData(MethodType.ServerStreaming)]
    [InlineData(MethodType.DuplexStreaming)]
    public async Task ResponseHookFailingAfterTwoMessages_DeliversThemThenTheStatus(MethodType kind)
    {
        string[] inputs = kind == MethodType.ServerStreaming ? ["abcd"] : ["a", "b", "c", "d"];

        var result = await _host.Client.CallAsync(kind, inputs, new Metadata { { StreamBreaker.Header, "2" } });

        Assert.Equal(["a", "b"], result.Outputs);
        var error = Assert.IsType<DataLossException>(result.Error);
        Assert.Equal("Broke the stream after 2 messages.", error.Status.Detail);
        Assert.Contains(_recorder.Errors, e => e.Method == DummyCalls.MethodOf(kind) && e.Exception is DataLossException);
    }

    public sealed class Fixture : HostFixture
    {
        public ErrorRecorder Recorder { get; } = new();

        protected override DummyServiceHostOptions Options() => new()
        {
            SpecialCases =
            {
                { "streaming/not-found", SpecialCases.Raises(() => new NotFoundException("Third time unlucky.")) },
                { "streaming/crash", SpecialCases.Raises(() => new InvalidOperationException("stack of internals")) },
            },
            ServerInterceptors = [Recorder, new StreamBreaker()],
        };
    }
}
