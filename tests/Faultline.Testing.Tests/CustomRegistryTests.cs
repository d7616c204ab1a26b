using Faultline.Testing.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace Faultline.Testing.Tests;

/// <summary>
/// A registry changed in every way it can be (Map by code, Map by delegate, Handle delegates, Remove),
/// on one host: each case shows one rule of ExceptionMappings' documented order.
/// </summary>
public class CustomRegistryTests(CustomRegistryTests.Fixture fixture) : IClassFixture<CustomRegistryTests.Fixture>
{
    private readonly DummyServiceHost _host = fixture.Host;

    [Fact]
    public async Task MapByCode_MapsTheTypeAndItsSubclasses_WithTheCodesDefaultMessage()
    {
        var format = await Raise(new FormatException("secret format"));
        var subclass = await Raise(new UriFormatException("secret uri"));

        Assert.IsType<FailedPreconditionException>(format);
        Assert.Equal(FailedPreconditionException.DefaultMessage, format.Status.Detail);
        Assert.IsType<FailedPreconditionException>(subclass);
        Leaks.AssertNone(format, "secret");
    }

    [Fact]
    public async Task MapOfASubclass_WinsOverItsMappedAncestor_WhichStillMapsTheOthers()
    {
        Assert.IsType<OutOfRangeException>(await Raise(new ArgumentNullException("input")));
        Assert.IsType<InvalidArgumentException>(await Raise(new ArgumentOutOfRangeException("input")));
    }

    [Fact]
    public async Task MapByDelegate_BuildsTheWholeStatus_FromTheExceptionAndTheContext()
    {
        var error = await Raise(new QuotaExceededException("uploads", 3));

        var exhausted = Assert.IsType<ResourceExhaustedException>(error);
        Assert.Equal("Quota 'uploads' (3) exceeded by /faultline.testing.DummyService/Execute.", exhausted.Status.Detail);
        var violation = Assert.Single(exhausted.RichStatus.QuotaFailure!.Violations);
        Assert.Equal("uploads", violation.Subject);
    }

    [Fact]
    public async Task Handle_RunsBeforeTheTypeMappings_InTheOrderAdded()
    {
        var handled = await Raise(new ArgumentException("handled: by the first hook"));
        var second = await Raise(new InvalidOperationException("tagged"), tag: StatusCode.Unavailable);
        var both = await Raise(new ArgumentException("handled: and tagged"), tag: StatusCode.Unavailable);
        var passedOn = await Raise(new ArgumentException("not for the hooks"));

        Assert.IsType<AbortedException>(handled);
        Assert.Equal("Handled by the first hook.", handled.Status.Detail);
        Assert.IsType<UnavailableException>(second);
        Assert.Equal("tagged", second.Status.Detail);
        Assert.IsType<AbortedException>(both);
        Assert.IsType<InvalidArgumentException>(passedOn);
    }

    [Fact]
    public async Task Handle_NeverSeesRpcExceptions()
    {
        var error = await Raise(new NotFoundException("handled: a gRPC exception keeps its own status"));

        Assert.IsType<NotFoundException>(error);
        Assert.Equal("handled: a gRPC exception keeps its own status", error.Status.Detail);
    }

    [Fact]
    public async Task Remove_TakesADefaultOut_SoTheTypeIsUnexpectedAgain()
    {
        var error = await Raise(new TimeoutException("secret timeout"));

        Assert.IsType<UnknownException>(error);
        Assert.Equal("Exception was thrown by handler.", error.Status.Detail);
    }

    [Fact]
    public async Task AHookReturningOk_IsAMappingFailure_TheCallIsUnexpected_AndBothAreLogged()
    {
        var thrown = new InvalidOperationException("ok-please");

        var error = await Raise(thrown);

        Assert.IsType<UnknownException>(error);
        Assert.Equal("Exception was thrown by handler.", error.Status.Detail);
        var failure = Assert.Single(_host.Logs.OfEvent("ExceptionMappingFailed"));
        Assert.Equal(LogLevel.Error, failure.Level);
        Assert.Contains("OK status", failure.Exception!.Message);
        Assert.Contains(_host.Logs.OfEvent("UnexpectedException"), r => ReferenceEquals(r.Exception, thrown));
    }

    private async Task<GrpcException> Raise(Exception exception, StatusCode? tag = null)
    {
        if (tag is { } code)
        {
            exception.Data["status"] = code;
        }

        var input = $"custom/{Guid.NewGuid():N}";
        _host.SpecialCases.Add(input, SpecialCases.Raises(exception));
        var result = await _host.Client.CallAsync(MethodType.Unary, input);
        return Assert.IsAssignableFrom<GrpcException>(result.Error);
    }

    /// <summary>A domain exception with what a status should say about it.</summary>
    public sealed class QuotaExceededException(string quota, int limit) : Exception($"Quota {quota} exceeded.")
    {
        public string Quota { get; } = quota;

        public int Limit { get; } = limit;
    }

    public sealed class Fixture : HostFixture
    {
        protected override DummyServiceHostOptions Options() => new()
        {
            ConfigureFaultline = o => o.Exceptions
                .Map<FormatException>(StatusCode.FailedPrecondition)
                .Map<ArgumentNullException>(StatusCode.OutOfRange)
                .Map<QuotaExceededException>((ex, context) => RichStatus.Create(StatusCode.ResourceExhausted, $"Quota '{ex.Quota}' ({ex.Limit}) exceeded by {context.Method}.")
                    .AddQuotaFailure((ex.Quota, $"At most {ex.Limit}."))
                    .Build())
                .Handle((ex, _) => ex.Message.StartsWith("handled:", StringComparison.Ordinal) ? new RichStatus(StatusCode.Aborted, "Handled by the first hook.") : null)
                .Handle((ex, _) => ex.Data["status"] is StatusCode code ? new RichStatus(code, ex.Message) : null)
                .Handle((ex, _) => ex.Message == "ok-please" ? new RichStatus(StatusCode.OK, "Not a failure.") : null)
                .Remove<TimeoutException>(),
        };
    }
}
