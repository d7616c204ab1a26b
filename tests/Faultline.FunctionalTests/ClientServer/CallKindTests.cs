using Faultline.FunctionalTests.Services;

namespace Faultline.FunctionalTests.ClientServer;

public class CallKindTests : ClientServerTestBase
{
    [Fact]
    public async Task Unary_RoundTrips()
    {
        using var call = Unary(TestMethods.Echo, Str("hello"));

        Assert.Equal("hello", (await call).Value);
        Assert.Equal(StatusCode.OK, call.GetStatus().Code);
        Server.Logs.AssertNoUnexpectedErrors();
    }

    [Fact]
    public void BlockingUnary_RoundTrips()
    {
        Assert.Equal("sync", Invoker.BlockingUnaryCall(TestMethods.Echo, null, default, Str("sync")).Value);
    }

    [Fact]
    public async Task ServerStreaming_ReadsAllMessagesThenOk()
    {
        using var call = Invoker.AsyncServerStreamingCall(TestMethods.Count, null, default, Int(5));
        var values = new List<string>();
        await foreach (var message in call.ResponseStream.ReadAllAsync())
        {
            values.Add(message.Value);
        }

        Assert.Equal(["0", "1", "2", "3", "4"], values);
        Assert.Equal(StatusCode.OK, call.GetStatus().Code);
    }

    [Fact]
    public async Task ServerStreaming_ErrorAfterMessages_ThrowsAfterLastMessage()
    {
        using var call = Invoker.AsyncServerStreamingCall(TestMethods.Count, null, default, Int(-3));
        var values = new List<string>();
        var ex = await Assert.ThrowsAnyAsync<GrpcException>(async () =>
        {
            await foreach (var message in call.ResponseStream.ReadAllAsync())
            {
                values.Add(message.Value);
            }
        });

        Assert.Equal(3, values.Count);
        Assert.Equal(StatusCode.Aborted, ex.StatusCode);
        Assert.Equal("aborted after streaming", ex.Status.Message);
        Assert.Equal(StatusCode.Aborted, call.GetStatus().Code);
    }

    [Fact]
    public async Task ClientStreaming_SendsAllThenReceivesOne()
    {
        using var call = Invoker.AsyncClientStreamingCall(TestMethods.Concat, null, default);
        foreach (var part in new[] { "a", "b", "c" })
        {
            await call.RequestStream.WriteAsync(Str(part));
        }

        await call.RequestStream.CompleteAsync();
        Assert.Equal("a,b,c", (await call).Value);
    }

    [Fact]
    public async Task Duplex_PingPong()
    {
        using var call = Invoker.AsyncDuplexStreamingCall(TestMethods.EchoStream, null, default);
        for (var i = 0; i < 5; i++)
        {
            await call.RequestStream.WriteAsync(Str("ping" + i));
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
            Assert.Equal("ping" + i, call.ResponseStream.Current.Value);
        }

        await call.RequestStream.CompleteAsync();
        Assert.False(await call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(StatusCode.OK, call.GetStatus().Code);
        Server.Logs.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task Metadata_FlowsBothWays()
    {
        var headers = new Metadata { { "x-custom", "value" }, { "x-data-bin", new byte[] { 1, 2, 3 } } };
        using var call = Unary(TestMethods.EchoMetadata, Str("x"), new CallOptions(headers: headers, deadline: DateTime.UtcNow.AddMinutes(1)));

        var reply = await call;
        var responseHeaders = await call.ResponseHeadersAsync;

        Assert.Equal("/faultline.test.TestService/EchoMetadata|set|True", reply.Value);
        Assert.Equal("value", responseHeaders.GetValue("x-custom"));
        Assert.Equal(new byte[] { 1, 2, 3 }, responseHeaders.GetValueBytes("x-data-bin"));
        Assert.Equal("trailer-value", call.GetTrailers().GetValue("x-trailer"));
        Assert.Equal(new byte[] { 9, 8, 7 }, call.GetTrailers().GetValueBytes("x-trailer-bin"));
    }
}
