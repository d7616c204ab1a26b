using Faultline.FunctionalTests.Infrastructure;
using Faultline.FunctionalTests.Services;
using Google.Rpc;
using Microsoft.Extensions.DependencyInjection;

namespace Faultline.FunctionalTests.Server;

/// <summary>
/// <c>AddDataAnnotationsValidation()</c>: every request message, streamed ones too, is validated
/// before the method sees it; an invalid one is INVALID_ARGUMENT with a BadRequest naming each field
/// by its proto name.
/// </summary>
public sealed class ValidationTests : IAsyncLifetime
{
    private CallsServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await CallsServer.StartAsync(configureBuilder: b => b.Services.AddGrpc().AddFaultline().AddDataAnnotationsValidation());

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [MemberData(nameof(CallPaths.Kinds), MemberType = typeof(CallPaths))]
    public async Task InvalidRequest_IsInvalidArgument_NamingEachField(MethodType kind)
    {
        var outcome = await CallRunner.RunAsync(_server.CreateFaultlineClient(), kind, new CallRequest { Count = -1, Text = CallRequest.ForbiddenText });

        var error = outcome.ErrorOf<InvalidArgumentException>();
        var violations = error.GetDetail<BadRequest>()!.FieldViolations;
        Assert.Equal(["count", "text"], violations.Select(v => v.Field));
        Assert.Equal("The count must not be negative.", violations[0].Description);
        Assert.Empty(outcome.Replies);
        _server.Logs.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task InvalidStreamedMessage_FailsTheCallWhenItArrives()
    {
        using var call = _server.CreateFaultlineClient().Duplex();
        await call.RequestStream.WriteAsync(new CallRequest { Count = 5, Text = "fine" });
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));

        await call.RequestStream.WriteAsync(new CallRequest { Text = CallRequest.ForbiddenText });
        var error = await Assert.ThrowsAsync<InvalidArgumentException>(async () =>
        {
            while (await call.ResponseStream.MoveNext(CancellationToken.None))
            {
            }
        });

        Assert.Equal("text", Assert.Single(error.GetDetail<BadRequest>()!.FieldViolations).Field);
        Assert.Equal("The request is invalid: text: This text is not allowed.", error.Status.Detail);
    }

    [Fact]
    public async Task ValidRequests_PassUntouched()
    {
        var reply = await _server.CreateFaultlineClient().UnaryAsync(new CallRequest { Mode = Modes.Ok, Text = "fine" });

        Assert.Equal("unary fine", reply.Text);
    }
}
