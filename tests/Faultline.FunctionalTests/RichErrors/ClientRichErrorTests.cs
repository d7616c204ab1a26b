using Faultline.Client;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;

namespace Faultline.FunctionalTests.RichErrors;

/// <summary>Runs a call of any kind that fails, and reports what the Faultline client surfaced.</summary>
internal static class RichCalls
{
    public sealed record Failure(GrpcException Exception, IReadOnlyList<string> Received, Status CallStatus, Metadata CallTrailers);

    public static async Task<Failure> FailAsync(CallInvoker invoker, MethodType kind, string instruction)
    {
        var received = new List<string>();
        switch (kind)
        {
            case MethodType.Unary:
            {
                using var call = invoker.AsyncUnaryCall(RichMethods.Unary, null, default, new StringValue { Value = instruction });
                var ex = await Assert.ThrowsAnyAsync<GrpcException>(() => call.ResponseAsync);
                return new Failure(ex, received, call.GetStatus(), call.GetTrailers());
            }

            case MethodType.ServerStreaming:
            {
                using var call = invoker.AsyncServerStreamingCall(RichMethods.ServerStreaming, null, default, new StringValue { Value = instruction });
                var ex = await Assert.ThrowsAnyAsync<GrpcException>(async () =>
                {
                    while (await call.ResponseStream.MoveNext(CancellationToken.None))
                    {
                        received.Add(call.ResponseStream.Current.Value);
                    }
                });
                return new Failure(ex, received, call.GetStatus(), call.GetTrailers());
            }

            case MethodType.ClientStreaming:
            {
                using var call = invoker.AsyncClientStreamingCall(RichMethods.ClientStreaming, null, default);
                await call.RequestStream.WriteAsync(new StringValue { Value = instruction });
                await call.RequestStream.WriteAsync(new StringValue { Value = "second" });
                await call.RequestStream.CompleteAsync();
                var ex = await Assert.ThrowsAnyAsync<GrpcException>(() => call.ResponseAsync);
                return new Failure(ex, received, call.GetStatus(), call.GetTrailers());
            }

            default:
            {
                using var call = invoker.AsyncDuplexStreamingCall(RichMethods.Duplex, null, default);
                var ex = await Assert.ThrowsAnyAsync<GrpcException>(async () =>
                {
                    try
                    {
                        await call.RequestStream.WriteAsync(new StringValue { Value = instruction });
                    }
                    catch (GrpcException)
                    {
                        // The server may end the call before this write completes (its reset stops the
                        // request stream); the response stream still carries the call's real status.
                    }

                    while (await call.ResponseStream.MoveNext(CancellationToken.None))
                    {
                        received.Add(call.ResponseStream.Current.Value);
                    }
                });
                return new Failure(ex, received, call.GetStatus(), call.GetTrailers());
            }
        }
    }

    public static Task<GrpcException> FailRawAsync(CallInvoker invoker, string endpoint)
    {
        var method = new Method<StringValue, StringValue>(MethodType.Unary, "rich.Raw", endpoint, RichMethods.Marshaller, RichMethods.Marshaller);
        return Assert.ThrowsAnyAsync<GrpcException>(() => invoker.AsyncUnaryCall(method, null, default, new StringValue { Value = "x" }).ResponseAsync);
    }
}

/// <summary>The Faultline client against the Faultline server: failed calls become typed exceptions with details.</summary>
public class ClientRichErrorTests : IClassFixture<DefaultRichServerFixture>, IDisposable
{
    private readonly DefaultRichServerFixture _fixture;
    private readonly GrpcChannel _channel;
    private readonly CallInvoker _invoker;

    public ClientRichErrorTests(DefaultRichServerFixture fixture)
    {
        _fixture = fixture;
        fixture.Server.Logs.Clear();
        _channel = GrpcChannel.ForAddress(fixture.Server.Address);
        _invoker = _channel.CreateCallInvoker();
    }

    public void Dispose() => _channel.Dispose();

    public static TheoryData<StatusCode, System.Type, MethodType> EveryCodeAndKind()
    {
        var types = new Dictionary<StatusCode, System.Type>
        {
            [StatusCode.Cancelled] = typeof(CancelledException),
            [StatusCode.Unknown] = typeof(UnknownException),
            [StatusCode.InvalidArgument] = typeof(InvalidArgumentException),
            [StatusCode.DeadlineExceeded] = typeof(DeadlineExceededException),
            [StatusCode.NotFound] = typeof(NotFoundException),
            [StatusCode.AlreadyExists] = typeof(AlreadyExistsException),
            [StatusCode.PermissionDenied] = typeof(PermissionDeniedException),
            [StatusCode.ResourceExhausted] = typeof(ResourceExhaustedException),
            [StatusCode.FailedPrecondition] = typeof(FailedPreconditionException),
            [StatusCode.Aborted] = typeof(AbortedException),
            [StatusCode.OutOfRange] = typeof(OutOfRangeException),
            [StatusCode.Unimplemented] = typeof(UnimplementedException),
            [StatusCode.Internal] = typeof(InternalException),
            [StatusCode.Unavailable] = typeof(UnavailableException),
            [StatusCode.DataLoss] = typeof(DataLossException),
            [StatusCode.Unauthenticated] = typeof(UnauthenticatedException),
        };
        var data = new TheoryData<StatusCode, System.Type, MethodType>();
        foreach (var (code, type) in types)
        {
            foreach (var kind in CallKinds.All)
            {
                data.Add(code, type, kind);
            }
        }

        return data;
    }

    public static TheoryData<MethodType, string> KindsAndWays => CallKinds.KindsAndWays("throw", "abort", "set");

    public static TheoryData<MethodType> Kinds => CallKinds.Kinds();

    [Theory]
    [MemberData(nameof(EveryCodeAndKind))]
    public async Task FailedCall_EveryCodeAndKind_IsTypedExceptionWithDecodedDetails(StatusCode code, System.Type expectedType, MethodType kind)
    {
        var name = StatusCodeNames.GetName(code);

        var failure = await RichCalls.FailAsync(_invoker, kind, RichMethods.Instruction($"code-{(int)code}"));

        var ex = failure.Exception;
        Assert.IsType(expectedType, ex);
        Assert.Equal(code, ex.StatusCode);
        Assert.Equal(name, ex.StatusName);
        Assert.Equal($"failed with {name}", ex.Status.Message);
        Assert.Equal(name, ex.GetDetail<ErrorInfo>()!.Type);
        Assert.Equal(((int)code).ToString(System.Globalization.CultureInfo.InvariantCulture), ex.GetDetail<ErrorInfo>()!.Metadata["code"]);
        Assert.Equal(name.ToLowerInvariant(), ex.GetDetail<BadRequest>()!.FieldViolations[0].Field);
        Assert.Equal(RichScenarios.Get($"code-{(int)code}").Details, ex.Details);
        Assert.Equal(ex.Status, failure.CallStatus);
        Assert.NotNull(ex.Trailers.Get(GrpcException.StatusDetailsTrailer));
        RichErrorsAssert.Same(ex.RichStatus, StatusDetailsReader.ReadStrict(ex)!);
    }

    [Theory]
    [MemberData(nameof(KindsAndWays))]
    public async Task FailedCall_AfterMessages_ThrowsAfterThemWithAllDetails(MethodType kind, string how)
    {
        var expected = RichScenarios.Get("typical");

        var failure = await RichCalls.FailAsync(_invoker, kind, RichMethods.Instruction("typical", how, messagesFirst: 2));

        var ex = Assert.IsType<InvalidArgumentException>(failure.Exception);
        if (kind is MethodType.ServerStreaming or MethodType.DuplexStreaming)
        {
            Assert.Equal(["message 0", "message 1"], failure.Received);
        }

        Assert.Equal(expected.Message, ex.Status.Message);
        Assert.Equal(expected.Details, ex.Details);
        Assert.Equal(2, ex.GetDetail<BadRequest>()!.FieldViolations.Count);
        Assert.Equal("FIELD_INVALID", ex.GetDetail<ErrorInfo>()!.Type);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), ex.GetDetail<RetryInfo>()!.RetryDelay.ToTimeSpan());
        Assert.Equal("acme", ex.GetDetail<Struct>()!.Fields["tenant"].StringValue);
        Assert.Equal(RichScenarios.Unknown(), ex.Details.Single(d => d.TypeUrl == RichScenarios.UnknownTypeUrl));
        Assert.NotNull(StatusDetailsReader.ReadStrict(ex));
    }

    [Theory]
    [MemberData(nameof(KindsAndWays))]
    public async Task FailedCall_NothingSent_TrailersOnlyDetailsDecoded(MethodType kind, string how)
    {
        var failure = await RichCalls.FailAsync(_invoker, kind, RichMethods.Instruction("typical", how));

        var ex = Assert.IsType<InvalidArgumentException>(failure.Exception);
        Assert.Empty(failure.Received);
        Assert.Equal(RichScenarios.Get("typical").Details, ex.Details);
        Assert.NotNull(StatusDetailsReader.ReadStrict(ex));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task DebugInfo_DetailedErrorsOff_ClientSeesNone(MethodType kind)
    {
        var failure = await RichCalls.FailAsync(_invoker, kind, RichMethods.Instruction("debug"));

        var ex = Assert.IsType<InternalException>(failure.Exception);
        Assert.Null(ex.GetDetail<DebugInfo>());
        Assert.Equal("req-7", ex.GetDetail<RequestInfo>()!.RequestId);
    }

    [Fact]
    public async Task UnhandledException_DetailedErrorsOff_UnknownExceptionWithoutDetails()
    {
        var failure = await RichCalls.FailAsync(_invoker, MethodType.Unary, RichMethods.Instruction("debug", "unhandled"));

        var ex = Assert.IsType<UnknownException>(failure.Exception);
        Assert.Empty(ex.Details);
        Assert.Null(StatusDetailsReader.ReadStrict(ex));
        _fixture.Server.Logs.AssertNoUnexpectedErrors("UnhandledException");
    }

    [Theory]
    [InlineData(MethodType.Unary, 0)]
    [InlineData(MethodType.ServerStreaming, 2)]
    [InlineData(MethodType.ClientStreaming, 0)]
    [InlineData(MethodType.DuplexStreaming, 2)]
    public async Task HugeStatus_DefaultLimits_ClientGetsTrimmedStatusNotAProtocolError(MethodType kind, int messagesFirst)
    {
        var failure = await RichCalls.FailAsync(_invoker, kind, RichMethods.Instruction("huge", "throw", messagesFirst));

        var ex = Assert.IsType<FailedPreconditionException>(failure.Exception);
        Assert.EndsWith("...", ex.Status.Message);
        Assert.Equal("req-huge", ex.GetDetail<RequestInfo>()!.RequestId);
        Assert.NotNull(ex.GetDetail<BadRequest>());
        Assert.Null(ex.GetDetail<ResourceInfo>());
        Assert.NotNull(StatusDetailsReader.ReadStrict(ex));
    }

    [Fact]
    public async Task HugeStatus_ClientWith8KiBHeaderLimit_GetsTheStatus()
    {
        using var channel = GrpcChannel.ForAddress(_fixture.Server.Address, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler { MaxResponseHeadersLength = 8 },
            DisposeHttpClient = true,
        });

        var failure = await RichCalls.FailAsync(channel.CreateCallInvoker(), MethodType.Unary, RichMethods.Instruction("huge"));

        var ex = Assert.IsType<FailedPreconditionException>(failure.Exception);
        Assert.Equal("req-huge", ex.GetDetail<RequestInfo>()!.RequestId);
        Assert.NotNull(StatusDetailsReader.ReadStrict(ex));
    }

    [Fact]
    public async Task MalformedDetailsTrailer_LenientKeepsCodeAndMessage_StrictThrows()
    {
        var ex = await RichCalls.FailRawAsync(_invoker, "Malformed");

        var notFound = Assert.IsType<NotFoundException>(ex);
        Assert.Equal("raw not found", notFound.Status.Message);
        Assert.Empty(notFound.Details);
        Assert.Null(notFound.GetDetail<ErrorInfo>());
        Assert.Equal(RichServer.Garbage, notFound.Trailers.GetValueBytes(GrpcException.StatusDetailsTrailer));
        Assert.Throws<MalformedStatusDetailsException>(() => StatusDetailsReader.ReadStrict(notFound));
    }

    [Fact]
    public async Task MalformedDetailsInTrailersOnlyResponse_LenientKeepsCodeAndMessage_StrictThrows()
    {
        var ex = await RichCalls.FailRawAsync(_invoker, "MalformedTrailersOnly");

        var denied = Assert.IsType<PermissionDeniedException>(ex);
        Assert.Equal("raw denied", denied.Status.Message);
        Assert.Empty(denied.Details);
        Assert.Throws<MalformedStatusDetailsException>(() => StatusDetailsReader.ReadStrict(denied));
    }

    [Fact]
    public async Task DetailsTrailerNotBase64_CodeAndMessageKept()
    {
        var ex = await RichCalls.FailRawAsync(_invoker, "InvalidBase64");

        var notFound = Assert.IsType<NotFoundException>(ex);
        Assert.Equal("raw not found", notFound.Status.Message);
        Assert.Empty(notFound.Details);
    }

    [Fact]
    public async Task MismatchedCodeInDetails_StrictThrowsMismatch_LenientKeepsCallsCodeWithProtosDetails()
    {
        var ex = await RichCalls.FailRawAsync(_invoker, "CodeMismatch");

        // grpc-status says NOT_FOUND; the google.rpc.Status says INTERNAL: the call's code wins.
        var notFound = Assert.IsType<NotFoundException>(ex);
        Assert.Equal(StatusCode.NotFound, notFound.StatusCode);
        Assert.Equal("proto message", notFound.Status.Message);
        Assert.Equal(RichServer.MismatchProto().Details, notFound.Details);
        Assert.Equal("b1", notFound.GetDetail<ResourceInfo>()!.ResourceName);
        var mismatch = Assert.Throws<RichStatusMismatchException>(() => StatusDetailsReader.ReadStrict(notFound));
        Assert.Contains("INTERNAL", mismatch.Message);
        Assert.Contains("NOT_FOUND", mismatch.Message);
    }

    [Fact]
    public async Task MismatchedMessageInDetails_StrictThrowsMismatch_LenientKeepsCallsMessage()
    {
        var ex = await RichCalls.FailRawAsync(_invoker, "MessageMismatch");

        var internalError = Assert.IsType<InternalException>(ex);
        Assert.Equal("call message", internalError.Status.Message);
        Assert.Equal("b1", internalError.GetDetail<ResourceInfo>()!.ResourceName);
        var mismatch = Assert.Throws<RichStatusMismatchException>(() => StatusDetailsReader.ReadStrict(internalError));
        Assert.Contains("call message", mismatch.Message);
        Assert.Contains("proto message", mismatch.Message);
    }
}

/// <summary>The client with a server that has EnableDetailedErrors = true.</summary>
public class ClientRichErrorDetailedErrorsTests : IClassFixture<DetailedErrorsRichServerFixture>, IDisposable
{
    private readonly GrpcChannel _channel;
    private readonly CallInvoker _invoker;

    public ClientRichErrorDetailedErrorsTests(DetailedErrorsRichServerFixture fixture)
    {
        _channel = GrpcChannel.ForAddress(fixture.Server.Address);
        _invoker = _channel.CreateCallInvoker();
    }

    public void Dispose() => _channel.Dispose();

    public static TheoryData<MethodType> Kinds => CallKinds.Kinds();

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task UnhandledException_DetailedErrorsOn_UnknownExceptionWithDebugInfo(MethodType kind)
    {
        var failure = await RichCalls.FailAsync(_invoker, kind, RichMethods.Instruction("debug", "unhandled"));

        var ex = Assert.IsType<UnknownException>(failure.Exception);
        Assert.Contains("secret internal detail 42", ex.Status.Message);
        Assert.Equal("System.InvalidOperationException: secret internal detail 42", ex.GetDetail<DebugInfo>()!.Detail);
        Assert.NotNull(StatusDetailsReader.ReadStrict(ex));
    }

    [Fact]
    public async Task DebugInfo_DetailedErrorsOn_ClientSeesIt()
    {
        var failure = await RichCalls.FailAsync(_invoker, MethodType.Unary, RichMethods.Instruction("debug", "abort"));

        var ex = Assert.IsType<InternalException>(failure.Exception);
        Assert.Equal(["at A.B()", "at C.D()"], ex.GetDetail<DebugInfo>()!.StackEntries);
    }
}

/// <summary>The client, limited to 1 KiB of headers, with a server whose MaxStatusTrailerSize is 1 KiB.</summary>
public class ClientRichErrorSmallLimitTests : IClassFixture<SmallTrailerRichServerFixture>, IDisposable
{
    private readonly GrpcChannel _channel;
    private readonly CallInvoker _invoker;

    public ClientRichErrorSmallLimitTests(SmallTrailerRichServerFixture fixture)
    {
        _channel = GrpcChannel.ForAddress(fixture.Server.Address, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler { MaxResponseHeadersLength = 1 },
            DisposeHttpClient = true,
        });
        _invoker = _channel.CreateCallInvoker();
    }

    public void Dispose() => _channel.Dispose();

    public static TheoryData<MethodType> Kinds => CallKinds.Kinds();

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task HugeStatus_1KiBEachSide_ClientGetsCodeAndTruncatedMessage(MethodType kind)
    {
        var original = RichScenarios.Get("huge");

        var failure = await RichCalls.FailAsync(_invoker, kind, RichMethods.Instruction("huge"));

        var ex = Assert.IsType<FailedPreconditionException>(failure.Exception);
        Assert.EndsWith("...", ex.Status.Message);
        Assert.StartsWith(ex.Status.Message[..^3], original.Message, StringComparison.Ordinal);
        Assert.Null(ex.GetDetail<DebugInfo>());
        Assert.Null(ex.GetDetail<ResourceInfo>());
        _ = StatusDetailsReader.ReadStrict(ex); // agrees, or no details at all: never throws
    }
}

internal static class RichErrorsAssert
{
    public static void Same(RichStatus expected, RichStatus actual)
    {
        Assert.Equal(expected.Code, actual.Code);
        Assert.Equal(expected.Message, actual.Message);
        Assert.Equal(expected.Details, actual.Details);
    }
}
