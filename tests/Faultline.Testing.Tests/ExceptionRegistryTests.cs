using System.ComponentModel.DataAnnotations;
using Faultline.AspNetCore;
using Faultline.Testing.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace Faultline.Testing.Tests;

/// <summary>
/// The exception registry (<c>FaultlineServerOptions.Exceptions</c>) end to end: its defaults,
/// cancellation, a status set before a throw, and DataAnnotations validation, on the default options.
/// </summary>
public class ExceptionRegistryTests(DefaultHostFixture fixture) : IClassFixture<DefaultHostFixture>
{
    private readonly DummyServiceHost _host = fixture.Host;

    public static TheoryData<Type, StatusCode, Type> Defaults => new()
    {
        { typeof(ArgumentException), StatusCode.InvalidArgument, typeof(InvalidArgumentException) },
        { typeof(ArgumentNullException), StatusCode.InvalidArgument, typeof(InvalidArgumentException) },
        { typeof(KeyNotFoundException), StatusCode.NotFound, typeof(NotFoundException) },
        { typeof(NotImplementedException), StatusCode.Unimplemented, typeof(UnimplementedException) },
        { typeof(NotSupportedException), StatusCode.Unimplemented, typeof(UnimplementedException) },
        { typeof(UnauthorizedAccessException), StatusCode.PermissionDenied, typeof(PermissionDeniedException) },
        { typeof(TimeoutException), StatusCode.DeadlineExceeded, typeof(DeadlineExceededException) },
    };

    [Theory]
    [MemberData(nameof(Defaults))]
    public async Task DefaultMapping_GivesTheCodeWithItsDefaultMessage_NotTheExceptionText_LoggedAtDebug(Type exceptionType, StatusCode code, Type clientType)
    {
        var input = "registry/" + exceptionType.Name;
        _host.SpecialCases.Add(input, SpecialCases.Raises(() => (Exception)Activator.CreateInstance(exceptionType, "secret detail")!));

        foreach (var kind in DummyCalls.Kinds)
        {
            var result = await _host.Client.CallAsync(kind, Kinds.EndingWith(kind, input));

            Assert.Equal(Kinds.OutputsBefore(kind), result.Outputs);
            Assert.IsType(clientType, result.Error);
            var error = (GrpcException)result.Error!;
            Assert.Equal(code, error.StatusCode);
            Assert.Equal(GrpcException.GetDefaultMessage(code), error.Status.Detail);
            Leaks.AssertNone(error, "secret");
        }

        Assert.DoesNotContain(_host.Logs.OfEvent("UnexpectedException"), r => r.Exception?.GetType() == exceptionType);
        Assert.Contains(_host.Logs.OfEvent("CallFailed"), r => r.Level == LogLevel.Debug);
    }

    [Fact]
    public async Task OperationCanceled_WhileTheCallIsCancelled_IsCancelled_AndNotAnError()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _host.SpecialCases.Add("registry/wait", async (_, context) =>
        {
            started.SetResult();
            await Task.Delay(Timeout.Infinite, context.CancellationToken);
            return "never";
        });
        using var cancellation = new CancellationTokenSource();

        var call = _host.Client.CallAsync(MethodType.Unary, "registry/wait", cancellationToken: cancellation.Token);
        await started.Task;
        await cancellation.CancelAsync();
        var result = await call;

        var error = Assert.IsType<CancelledException>(result.Error);
        Assert.Equal(StatusCode.Cancelled, error.StatusCode);
        var logged = await _host.Logs.WaitForAsync(r => r.EventId.Name == "CallCancelled");
        Assert.Contains("/faultline.testing.DummyService/Execute", logged.Message);
        Assert.Contains(nameof(TaskCanceledException), logged.Message);
        Assert.DoesNotContain(_host.Logs.Errors, r => r.Exception is OperationCanceledException);
    }

    [Fact]
    public async Task OperationCanceled_WhileTheCallIsNotCancelled_IsAnUnexpectedException()
    {
        _host.SpecialCases.Add("registry/own-cancel", SpecialCases.Raises(() => new OperationCanceledException("A timer of the service's own.")));

        var result = await _host.Client.CallAsync(MethodType.Unary, "registry/own-cancel");

        var error = Assert.IsType<UnknownException>(result.Error);
        Assert.Equal("Exception was thrown by handler.", error.Status.Detail);
    }

    [Fact]
    public async Task StatusSetBeforeAThrow_Wins_OverTheUnexpectedAndTheMappedException()
    {
        _host.SpecialCases.Add("registry/set-rich-then-throw", string (_, context) =>
        {
            context.SetRichStatus(RichStatus.Create(StatusCode.FailedPrecondition, "Set first.").AddErrorInfo("SET_FIRST", "dummy.example.com").Build());
            throw new InvalidOperationException("Then threw.");
        });
        _host.SpecialCases.Add("registry/set-status-then-throw", string (_, context) =>
        {
            context.Status = new Status(StatusCode.Aborted, "Set on the context.");
            throw new ArgumentException("A mapped exception, thrown after.");
        });

        foreach (var kind in DummyCalls.Kinds)
        {
            var rich = await _host.Client.CallAsync(kind, Kinds.EndingWith(kind, "registry/set-rich-then-throw"));
            var plain = await _host.Client.CallAsync(kind, Kinds.EndingWith(kind, "registry/set-status-then-throw"));

            var richError = Assert.IsType<FailedPreconditionException>(rich.Error);
            Assert.Equal("Set first.", richError.Status.Detail);
            Assert.Equal("SET_FIRST", richError.Reason);
            var plainError = Assert.IsType<AbortedException>(plain.Error);
            Assert.Equal("Set on the context.", plainError.Status.Detail);
        }
    }

    [Fact]
    public async Task ValidationException_IsInvalidArgument_WithABadRequestNamingTheProtoField()
    {
        _host.SpecialCases.Add("registry/invalid", string (input, _) =>
            throw new ValidationException(new ValidationResult("The input must be a number.", [nameof(DummyRequest.Input)]), null, new DummyRequest { Input = input }));
        _host.SpecialCases.Add("registry/invalid-twice", string (_, _) =>
            throw new ValidationException(new ValidationResult("Both are wrong.", ["First", "Second"]), null, null));

        var one = await _host.Client.CallAsync(MethodType.Unary, "registry/invalid");
        var two = await _host.Client.CallAsync(MethodType.DuplexStreaming, ["a", "registry/invalid-twice"]);

        var oneError = Assert.IsType<InvalidArgumentException>(one.Error);
        Assert.Equal("The request is invalid: input: The input must be a number.", oneError.Status.Detail);
        var violation = Assert.Single(oneError.RichStatus.BadRequest!.FieldViolations);
        Assert.Equal("input", violation.Field);
        Assert.Equal("The input must be a number.", violation.Description);
        var twoError = Assert.IsType<InvalidArgumentException>(two.Error);
        Assert.Equal("The request is invalid (2 violations).", twoError.Status.Detail);
        Assert.Equal(["First", "Second"], twoError.RichStatus.BadRequest!.FieldViolations.Select(v => v.Field));
    }

    [Fact]
    public void Registry_StartsWithTheDocumentedDefaults_AndRemoveTakesOneOutOnce()
    {
        var mappings = new FaultlineServerOptions().Exceptions;

        Assert.Equal(
            new HashSet<Type> { typeof(ArgumentException), typeof(KeyNotFoundException), typeof(NotImplementedException), typeof(NotSupportedException), typeof(UnauthorizedAccessException), typeof(TimeoutException), typeof(ValidationException), typeof(RequestDeserializationException) },
            mappings.MappedTypes.ToHashSet());
        Assert.True(mappings.Remove<TimeoutException>());
        Assert.False(mappings.Remove<TimeoutException>());
        Assert.False(mappings.Remove<ArgumentNullException>());
        Assert.DoesNotContain(typeof(TimeoutException), mappings.MappedTypes);
        Assert.Throws<ArgumentException>(() => mappings.Map<FormatException>(StatusCode.OK));
        Assert.Throws<ArgumentException>(() => mappings.Map<FormatException>((StatusCode)99));
    }
}
