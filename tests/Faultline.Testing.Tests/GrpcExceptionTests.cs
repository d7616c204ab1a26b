using System.Reflection;
using Faultline.Testing.Tests.Infrastructure;
using Google.Protobuf;

namespace Faultline.Testing.Tests;

/// <summary>
/// grpc_interceptor's ExceptionToStatusInterceptor on Faultline's server pipeline: each of the 16
/// GrpcException subclasses, raised from a special case on every call kind (mid-stream on the kinds
/// with a request stream), reaches the client as the same type with its code and message.
/// </summary>
public class GrpcExceptionTests(DefaultHostFixture fixture) : IClassFixture<DefaultHostFixture>
{
    private readonly DummyServiceHost _host = fixture.Host;

    public static TheoryData<Type, StatusCode> Subclasses => new()
    {
        { typeof(CancelledException), StatusCode.Cancelled },
        { typeof(UnknownException), StatusCode.Unknown },
        { typeof(InvalidArgumentException), StatusCode.InvalidArgument },
        { typeof(DeadlineExceededException), StatusCode.DeadlineExceeded },
        { typeof(NotFoundException), StatusCode.NotFound },
        { typeof(AlreadyExistsException), StatusCode.AlreadyExists },
        { typeof(PermissionDeniedException), StatusCode.PermissionDenied },
        { typeof(ResourceExhaustedException), StatusCode.ResourceExhausted },
        { typeof(FailedPreconditionException), StatusCode.FailedPrecondition },
        { typeof(AbortedException), StatusCode.Aborted },
        { typeof(OutOfRangeException), StatusCode.OutOfRange },
        { typeof(UnimplementedException), StatusCode.Unimplemented },
        { typeof(InternalException), StatusCode.Internal },
        { typeof(UnavailableException), StatusCode.Unavailable },
        { typeof(DataLossException), StatusCode.DataLoss },
        { typeof(UnauthenticatedException), StatusCode.Unauthenticated },
    };

    [Fact]
    public void Subclasses_AreEveryPublicGrpcExceptionOfTheErrorModel()
    {
        var declared = typeof(GrpcException).Assembly.GetExportedTypes()
            .Where(t => t.IsSubclassOf(typeof(GrpcException)))
            .ToHashSet();

        Assert.Equal(16, declared.Count);
        Assert.Equal(declared, Subclasses.Select(row => (Type)row[0]).ToHashSet());
    }

    [Theory]
    [MemberData(nameof(Subclasses))]
    public async Task Subclass_ReachesTheClientAsItself_WithItsCodeAndDefaultOrCustomMessage(Type type, StatusCode code)
    {
        var defaultMessage = (string)type.GetField("DefaultMessage")!.GetRawConstantValue()!;
        var custom = $"A custom {type.Name} message.";
        _host.SpecialCases.Add($"{type.Name}/default", SpecialCases.Raises(() => Create(type, null)));
        _host.SpecialCases.Add($"{type.Name}/custom", SpecialCases.Raises(() => Create(type, custom)));

        foreach (var kind in DummyCalls.Kinds)
        {
            foreach (var (input, message) in new[] { ($"{type.Name}/default", defaultMessage), ($"{type.Name}/custom", custom) })
            {
                var result = await _host.Client.CallAsync(kind, Kinds.EndingWith(kind, input));

                Assert.Equal(Kinds.OutputsBefore(kind), result.Outputs);
                Assert.IsType(type, result.Error);
                var grpc = (GrpcException)result.Error!;
                Assert.Equal(code, grpc.StatusCode);
                Assert.Equal(message, grpc.Status.Detail);
                Assert.True(grpc.IsRemote);
            }
        }
    }

    [Fact]
    public async Task UnknownException_IsUnknownWithTheGenericMessage_LeaksNothing_AndIsLoggedWithTheException()
    {
        var thrown = new InvalidOperationException("Connection string: password=hunter2");
        _host.SpecialCases.Add("unexpected", SpecialCases.Raises(thrown));

        foreach (var kind in DummyCalls.Kinds)
        {
            var result = await _host.Client.CallAsync(kind, Kinds.EndingWith(kind, "unexpected"));

            Assert.Equal(Kinds.OutputsBefore(kind), result.Outputs);
            var error = Assert.IsType<UnknownException>(result.Error);
            Assert.Equal("Exception was thrown by handler.", error.Status.Detail);
            Assert.Empty(error.Details);
            Leaks.AssertNone(error, "hunter2");
            Leaks.AssertNone(error, nameof(InvalidOperationException));
        }

        var logged = _host.Logs.OfEvent("UnexpectedException").Where(r => ReferenceEquals(r.Exception, thrown)).ToList();
        Assert.Equal(4, logged.Count);
        Assert.All(logged, r => Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Error, r.Level));
    }

    [Fact]
    public async Task UnknownException_WithUnexpectedExceptionStatusCodeInternal_IsInternalWithTheGenericMessage()
    {
        var cases = new SpecialCases { { "unexpected", SpecialCases.Raises(new InvalidOperationException("secret internals")) } };
        await using var host = await DummyServiceHost.StartAsync(cases, configureFaultline: o => o.UnexpectedExceptionStatusCode = StatusCode.Internal);

        foreach (var kind in DummyCalls.Kinds)
        {
            var result = await host.Client.CallAsync(kind, Kinds.EndingWith(kind, "unexpected"));

            var error = Assert.IsType<InternalException>(result.Error);
            Assert.Equal("Exception was thrown by handler.", error.Status.Detail);
            Leaks.AssertNone(error, "secret");
        }
    }

    [Fact]
    public async Task RichDetails_OfARaisedException_ReachTheClient()
    {
        _host.SpecialCases.Add("rich", SpecialCases.Raises(RichStatus.Create(StatusCode.FailedPrecondition, "Not ready.")
            .AddErrorInfo("NOT_READY", "dummy.example.com", new Dictionary<string, string> { ["stage"] = "warmup" })
            .AddPreconditionFailure(("STATE", "dummy", "Warm up first."))
            .ToException()));

        var result = await _host.Client.CallAsync(MethodType.ServerStreaming, "rich");

        var error = Assert.IsType<FailedPreconditionException>(result.Error);
        Assert.Equal("NOT_READY", error.Reason);
        Assert.Equal("warmup", error.ErrorMetadata["stage"]);
        Assert.Equal("Warm up first.", error.RichStatus.PreconditionFailure!.Violations.Single().Description);
    }

    private static Exception Create(Type type, string? message) =>
        (Exception)type.GetConstructor([typeof(string), typeof(IEnumerable<IMessage>), typeof(Metadata)])!.Invoke([message, null, null]);
}
