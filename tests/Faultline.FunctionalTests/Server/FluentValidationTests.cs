using FluentValidation;
using Faultline.FunctionalTests.Infrastructure;
using Faultline.FunctionalTests.Services;
using Google.Rpc;
using Microsoft.Extensions.DependencyInjection;

namespace Faultline.FunctionalTests.Server;

/// <summary>Faultline.FluentValidation: requests validated by their IValidator, and a thrown ValidationException, become INVALID_ARGUMENT with a BadRequest.</summary>
public sealed class FluentValidationTests : IAsyncLifetime
{
    private CallsServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await CallsServer.StartAsync(configureBuilder: b =>
        {
            b.Services.AddScoped<IValidator<CallRequest>, CallRequestValidator>();
            b.Services.AddGrpc().AddFaultline().AddFluentValidation();
        });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [MemberData(nameof(CallPaths.Kinds), MemberType = typeof(CallPaths))]
    public async Task InvalidRequest_IsInvalidArgument_WithTheValidatorsMessages(MethodType kind)
    {
        var outcome = await CallRunner.RunAsync(_server.CreateFaultlineClient(), kind, new CallRequest { Text = "far too long a text" });

        var error = outcome.ErrorOf<InvalidArgumentException>();
        var violation = Assert.Single(error.GetDetail<BadRequest>()!.FieldViolations);
        Assert.Equal(("text", "Text must be at most 10 characters."), (violation.Field, violation.Description));
        _server.Logs.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task ThrownValidationException_IsMapped_WithEachFailure()
    {
        var error = await Assert.ThrowsAsync<InvalidArgumentException>(async () => await _server.CreateFaultlineClient().UnaryAsync(new CallRequest { Mode = Modes.ThrowFluentValidation }));

        Assert.Equal(["Text", "Size"], error.GetDetail<BadRequest>()!.FieldViolations.Select(v => v.Field));
        Assert.Equal("The request is invalid (2 violations).", error.Status.Detail);
    }

    [Fact]
    public async Task ValidRequest_PassesUntouched()
    {
        Assert.Equal("unary short", (await _server.CreateFaultlineClient().UnaryAsync(new CallRequest { Text = "short" })).Text);
    }

    private sealed class CallRequestValidator : AbstractValidator<CallRequest>
    {
        public CallRequestValidator() => RuleFor(r => r.Text).MaximumLength(10).WithMessage("Text must be at most 10 characters.");
    }
}
