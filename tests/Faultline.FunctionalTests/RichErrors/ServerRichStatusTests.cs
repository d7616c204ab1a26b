using Faultline.FunctionalTests.Infrastructure;
using Faultline.FunctionalTests.RawFrames;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;

namespace Faultline.FunctionalTests.RichErrors;

/// <summary>What the server writes for rich statuses, read from raw HTTP/2 responses. Default options.</summary>
public class ServerRichStatusTests : IClassFixture<DefaultRichServerFixture>
{
    private const int DefaultLimit = 8 * 1024;

    private readonly DefaultRichServerFixture _fixture;

    public ServerRichStatusTests(DefaultRichServerFixture fixture)
    {
        _fixture = fixture;
        fixture.Server.Logs.Clear();
    }

    private TestServer Server => _fixture.Server;

    private Task<WireStatus> CallAsync(MethodType kind, string scenario, string how = "throw", int messagesFirst = 0) =>
        _fixture.Raw.CallAsync(kind, RichMethods.Instruction(scenario, how, messagesFirst));

    public static TheoryData<MethodType, string> KindsAndWays => CallKinds.KindsAndWays("throw", "abort", "set");

    public static TheoryData<MethodType> Kinds => CallKinds.Kinds();

    public static TheoryData<MethodType, int> KindsBeforeAndAfterMessages => CallKinds.KindsAndCounts(0, 2);

    [Theory]
    [MemberData(nameof(KindsAndWays))]
    public async Task EndWithRichStatus_NothingSent_TrailersOnlyWithAgreeingDetails(MethodType kind, string how)
    {
        var expected = RichScenarios.Get("typical");

        var wire = (await CallAsync(kind, "typical", how)).AssertAgree();

        Assert.True(wire.TrailersOnly, "expected a Trailers-Only response");
        Assert.Equal(expected.Code, wire.Code);
        Assert.Equal(expected.Message, wire.Message);
        Assert.NotNull(wire.DetailsBase64);
        Assert.Equal(expected.Details, wire.Details);
        Assert.Empty(Server.Logs.Trimmed());
        Server.Logs.AssertNoUnexpectedErrors();
    }

    [Theory]
    [MemberData(nameof(KindsAndWays))]
    public async Task EndWithRichStatus_AfterResponseStarted_DetailsInTrailers(MethodType kind, string how)
    {
        var expected = RichScenarios.Get("typical");

        var wire = (await CallAsync(kind, "typical", how, messagesFirst: 3)).AssertAgree();

        Assert.False(wire.TrailersOnly, "expected the status in trailers");
        Assert.Equal(expected.Code, wire.Code);
        Assert.Equal(expected.Message, wire.Message);
        Assert.Equal(expected.Details, wire.Details);
        var messages = wire.Response.Messages();
        if (kind is MethodType.ServerStreaming or MethodType.DuplexStreaming)
        {
            Assert.Equal(["message 0", "message 1", "message 2"], messages.Select(m => StringValue.Parser.ParseFrom(m.Payload).Value).ToArray());
        }
        else
        {
            Assert.Empty(messages);
            Assert.Equal("yes", wire.Response.Headers["x-started"]);
        }

        Server.Logs.AssertNoUnexpectedErrors();
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task ThrowTypedException_EveryDetailType_DecodesToTheSameStatus(MethodType kind)
    {
        var wire = (await CallAsync(kind, "typical")).AssertAgree();

        var decoded = RichStatus.FromTrailerBytes(Convert.FromBase64String(wire.DetailsBase64!));
        Assert.Equal("FIELD_INVALID", decoded.GetDetail<ErrorInfo>()!.Type);
        Assert.Equal(2, decoded.GetDetail<BadRequest>()!.FieldViolations.Count);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), decoded.GetDetail<RetryInfo>()!.RetryDelay.ToTimeSpan());
        Assert.Equal("https://example.com/help", decoded.GetDetail<Help>()!.Links[0].Url);
        Assert.Equal("Requête invalide", decoded.GetDetail<LocalizedMessage>()!.Message);
        Assert.Equal("acme", decoded.GetDetail<Struct>()!.Fields["tenant"].StringValue);
        var unknown = decoded.Details.Single(d => d.TypeUrl == RichScenarios.UnknownTypeUrl);
        Assert.Equal(RichScenarios.UnknownBytes, unknown.Value.ToByteArray());
    }

    [Theory]
    [MemberData(nameof(KindsAndWays))]
    public async Task DebugInfo_DetailedErrorsOff_IsStripped(MethodType kind, string how)
    {
        var wire = (await CallAsync(kind, "debug", how)).AssertAgree();

        Assert.Equal(StatusCode.Internal, wire.Code);
        Assert.Equal("internal failure", wire.Message);
        Assert.Null(wire.Detail<DebugInfo>());
        Assert.Equal("req-7", wire.Detail<RequestInfo>()!.RequestId);
        Assert.Single(wire.Details);
        Assert.DoesNotContain("NullReferenceException", wire.DetailsBase64 is null ? string.Empty : System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(wire.DetailsBase64)));

        // Removing DebugInfo is policy, not a trim for size.
        Assert.Empty(Server.Logs.Trimmed());
    }

    [Theory]
    [MemberData(nameof(KindsBeforeAndAfterMessages))]
    public async Task UnhandledException_DetailedErrorsOff_UnknownWithoutDetails(MethodType kind, int messagesFirst)
    {
        var wire = (await CallAsync(kind, "debug", "unhandled", messagesFirst)).AssertAgree();

        Assert.Equal(StatusCode.Unknown, wire.Code);
        Assert.Equal("Exception was thrown by handler.", wire.Message);
        Assert.Null(wire.DetailsBase64);
        Assert.DoesNotContain("secret", string.Join("|", wire.Block.Values));
        Server.Logs.AssertNoUnexpectedErrors("UnhandledException");
    }

    [Theory]
    [MemberData(nameof(KindsBeforeAndAfterMessages))]
    public async Task BigDetailWithinLimit_IsSentIntact(MethodType kind, int messagesFirst)
    {
        var expected = RichScenarios.Get("big");

        var wire = (await CallAsync(kind, "big", messagesFirst: messagesFirst)).AssertAgree();

        Assert.Equal(expected.Message, wire.Message);
        Assert.Equal(expected.Details, wire.Details);
        Assert.InRange(wire.BlockSize, 6000, DefaultLimit);
        Assert.Empty(Server.Logs.Trimmed());
    }

    [Theory]
    [MemberData(nameof(KindsBeforeAndAfterMessages))]
    public async Task HugeStatus_DefaultLimit_TrimmedToFitAndStillAgrees(MethodType kind, int messagesFirst)
    {
        var original = RichScenarios.Get("huge");

        var wire = (await CallAsync(kind, "huge", messagesFirst: messagesFirst)).AssertAgree();

        Assert.Equal(messagesFirst == 0, wire.TrailersOnly);
        Assert.InRange(wire.BlockSize, 1, DefaultLimit);
        Assert.Equal(StatusCode.FailedPrecondition, wire.Code);
        Assert.EndsWith("...", wire.Message);
        Assert.StartsWith(wire.Message[..^3], original.Message, StringComparison.Ordinal);
        Assert.True(wire.Message.Length < original.Message.Length);

        // DebugInfo is never sent with detailed errors off; the largest detail (ResourceInfo) had to go.
        Assert.Null(wire.Detail<DebugInfo>());
        Assert.Null(wire.Detail<ResourceInfo>());
        Assert.Equal(original.GetDetail<BadRequest>(), wire.Detail<BadRequest>());
        Assert.Equal("req-huge", wire.Detail<RequestInfo>()!.RequestId);

        var log = Server.Logs.SingleTrimmed();
        Assert.Contains("google.rpc.ResourceInfo", log.Message);
        Assert.DoesNotContain("google.rpc.BadRequest", log.Message);
        Assert.Contains("message truncated: True", log.Message);
        Assert.Contains(RichMethods.Path(kind), log.Message);
        Server.Logs.AssertNoUnexpectedErrors();
    }

    [Theory]
    [MemberData(nameof(KindsBeforeAndAfterMessages))]
    public async Task HugeStatus_PeerWith8KiBHeaderLimit_StillReceivesTheStatus(MethodType kind, int messagesFirst)
    {
        using var peer = new RichRawClient(Server.Address, maxResponseHeadersKiB: 8);

        var wire = (await peer.CallAsync(kind, RichMethods.Instruction("huge", "throw", messagesFirst))).AssertAgree();

        Assert.Equal(StatusCode.FailedPrecondition, wire.Code);
        Assert.Equal("req-huge", wire.Detail<RequestInfo>()!.RequestId);
    }

    [Theory]
    [MemberData(nameof(KindsBeforeAndAfterMessages))]
    public async Task LargeApplicationTrailer_WholeBlockStillFitsLimit(MethodType kind, int messagesFirst)
    {
        var wire = (await CallAsync(kind, "trailers", messagesFirst: messagesFirst)).AssertAgree();

        Assert.Equal(StatusCode.Aborted, wire.Code);
        Assert.Equal(RichScenarios.BigTrailerLength, wire.Block["x-app-trailer"].Length);
        Assert.EndsWith("...", wire.Message);
        Assert.Contains("message truncated: True", Server.Logs.SingleTrimmed().Message);

        // Everything in the block counts against the peer's limit, including, in Trailers-Only,
        // :status, content-type, grpc-accept-encoding, date and server.
        Assert.True(wire.BlockSize <= DefaultLimit, $"header block of {wire.BlockSize} bytes exceeds MaxStatusTrailerSize {DefaultLimit} (Trailers-Only: {wire.TrailersOnly}); fields: {string.Join(", ", wire.Block.Select(h => $"{h.Key}={h.Value.Length}"))}");
    }

    [Theory]
    [MemberData(nameof(KindsBeforeAndAfterMessages))]
    public async Task LargeApplicationTrailer_PeerWith8KiBHeaderLimit_StillReceivesTheStatus(MethodType kind, int messagesFirst)
    {
        using var peer = new RichRawClient(Server.Address, maxResponseHeadersKiB: 8);

        var wire = (await peer.CallAsync(kind, RichMethods.Instruction("trailers", "throw", messagesFirst))).AssertAgree();

        Assert.Equal(StatusCode.Aborted, wire.Code);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task ApplicationTrailerAloneOverLimit_TrailerDroppedAndCodeMessageKept(int messagesFirst)
    {
        var wire = (await CallAsync(MethodType.Unary, "trailers-too-big", messagesFirst: messagesFirst)).AssertAgree();

        Assert.False(wire.Block.ContainsKey("x-app-trailer"));
        Assert.InRange(wire.BlockSize, 1, DefaultLimit);
        Assert.Equal(StatusCode.Aborted, wire.Code);
        var log = Server.Logs.SingleTrimmed();
        Assert.Contains("application trailers dropped: True", log.Message);

        // "short" fits easily once the trailer is gone: it must not be marked as cut.
        Assert.Equal("short", wire.Message);
        Assert.Contains("message truncated: False", log.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task ApplicationTrailerAloneOverLimit_SmallDetailsOfTheStatusKept(int messagesFirst)
    {
        // Dropping the application's trailer makes room; the status's own small detail (a
        // RequestInfo of ~60 bytes) was only in the way of that trailer and should still be sent.
        var wire = (await CallAsync(MethodType.Unary, "trailers-too-big", messagesFirst: messagesFirst)).AssertAgree();

        Assert.False(wire.Block.ContainsKey("x-app-trailer"));
        Assert.Equal("req-trailers", wire.Detail<RequestInfo>()?.RequestId);
        Assert.DoesNotContain("google.rpc.RequestInfo", Server.Logs.SingleTrimmed().Message);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task SetRichStatusThenPlainStatus_PlainStatusWithoutDetails(MethodType kind)
    {
        var wire = (await CallAsync(kind, "typical", "set-then-status")).AssertAgree();

        Assert.Equal(StatusCode.DataLoss, wire.Code);
        Assert.Equal("plain status wins", wire.Message);
        Assert.Null(wire.DetailsBase64);
    }

    [Theory]
    [MemberData(nameof(KindsBeforeAndAfterMessages))]
    public async Task ThrowPlainStatusWithMatchingDetailsInTrailers_DetailsSentOnceAndAgree(MethodType kind, int messagesFirst)
    {
        var expected = RichScenarios.Get("typical");

        var wire = (await CallAsync(kind, "typical", "relay", messagesFirst)).AssertAgree();

        Assert.Equal(expected.Code, wire.Code);
        Assert.Equal(expected.Details, wire.Details);
        Assert.DoesNotContain(",", wire.DetailsBase64);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task ThrowWithForeignDetailsInTrailers_DetailsTrailerNeverContradictsStatus(int messagesFirst)
    {
        // The exception's status (UNAVAILABLE, no details) is what the call ends with; a
        // grpc-status-details-bin carried over in its trailers says INVALID_ARGUMENT. Whatever the
        // server sends, grpc-status, grpc-message and grpc-status-details-bin must agree.
        var wire = await CallAsync(MethodType.Unary, "typical", "foreign-trailer", messagesFirst);

        Assert.Equal(StatusCode.Unavailable, wire.Code);
        Assert.Equal("downstream failed", wire.Message);
        wire.AssertAgree();
    }
}

/// <summary>EnableDetailedErrors = true: DebugInfo is sent, unhandled exceptions carry one.</summary>
public class ServerRichStatusDetailedErrorsTests : IClassFixture<DetailedErrorsRichServerFixture>
{
    private readonly DetailedErrorsRichServerFixture _fixture;

    public ServerRichStatusDetailedErrorsTests(DetailedErrorsRichServerFixture fixture)
    {
        _fixture = fixture;
        fixture.Server.Logs.Clear();
    }

    private TestServer Server => _fixture.Server;

    private Task<WireStatus> CallAsync(MethodType kind, string scenario, string how = "throw", int messagesFirst = 0) =>
        _fixture.Raw.CallAsync(kind, RichMethods.Instruction(scenario, how, messagesFirst));

    public static TheoryData<MethodType, string> KindsAndWays => CallKinds.KindsAndWays("throw", "abort", "set");

    public static TheoryData<MethodType, int> KindsBeforeAndAfterMessages => CallKinds.KindsAndCounts(0, 2);

    [Theory]
    [MemberData(nameof(KindsAndWays))]
    public async Task DebugInfo_DetailedErrorsOn_IsSent(MethodType kind, string how)
    {
        var expected = RichScenarios.Get("debug");

        var wire = (await CallAsync(kind, "debug", how)).AssertAgree();

        Assert.Equal(expected.Details, wire.Details);
        Assert.Equal(["at A.B()", "at C.D()"], wire.Detail<DebugInfo>()!.StackEntries);
        Assert.Empty(Server.Logs.Trimmed());
    }

    [Theory]
    [MemberData(nameof(KindsBeforeAndAfterMessages))]
    public async Task UnhandledException_DetailedErrorsOn_UnknownWithDebugInfo(MethodType kind, int messagesFirst)
    {
        var wire = (await CallAsync(kind, "debug", "unhandled", messagesFirst)).AssertAgree();

        Assert.Equal(StatusCode.Unknown, wire.Code);
        Assert.Equal("Exception was thrown by handler. InvalidOperationException: secret internal detail 42", wire.Message);
        var debug = wire.Detail<DebugInfo>();
        Assert.NotNull(debug);
        Assert.Equal("System.InvalidOperationException: secret internal detail 42", debug.Detail);
        Assert.Contains(debug.StackEntries, e => e.Contains(nameof(RichErrorService), StringComparison.Ordinal));
        Server.Logs.AssertNoUnexpectedErrors("UnhandledException");
    }

    [Theory]
    [MemberData(nameof(KindsBeforeAndAfterMessages))]
    public async Task HugeStatus_DetailedErrorsOn_DropsDebugInfoFirstThenLargestDetail(MethodType kind, int messagesFirst)
    {
        var original = RichScenarios.Get("huge");

        var wire = (await CallAsync(kind, "huge", messagesFirst: messagesFirst)).AssertAgree();

        Assert.InRange(wire.BlockSize, 1, 8 * 1024);
        Assert.Equal(StatusCode.FailedPrecondition, wire.Code);
        Assert.EndsWith("...", wire.Message);
        Assert.Null(wire.Detail<DebugInfo>());
        Assert.Null(wire.Detail<ResourceInfo>());
        Assert.Equal(original.GetDetail<BadRequest>(), wire.Detail<BadRequest>());
        Assert.Equal("req-huge", wire.Detail<RequestInfo>()!.RequestId);

        var log = Server.Logs.SingleTrimmed();
        Assert.Contains("dropped details [google.rpc.DebugInfo, google.rpc.ResourceInfo]", log.Message);
        Assert.Contains("8192", log.Message);
        Server.Logs.AssertNoUnexpectedErrors();
    }
}

/// <summary>MaxStatusTrailerSize = 1024 (and detailed errors on, so DebugInfo competes for space).</summary>
public class ServerRichStatusSmallLimitTests : IClassFixture<SmallTrailerRichServerFixture>
{
    private const int Limit = SmallTrailerRichServerFixture.Limit;

    private readonly SmallTrailerRichServerFixture _fixture;

    public ServerRichStatusSmallLimitTests(SmallTrailerRichServerFixture fixture)
    {
        _fixture = fixture;
        fixture.Server.Logs.Clear();
    }

    private TestServer Server => _fixture.Server;

    public static TheoryData<MethodType, int> KindsBeforeAndAfterMessages => CallKinds.KindsAndCounts(0, 2);

    [Theory]
    [MemberData(nameof(KindsBeforeAndAfterMessages))]
    public async Task HugeStatus_1KiBLimit_FitsAndAgrees(MethodType kind, int messagesFirst)
    {
        var original = RichScenarios.Get("huge");

        var wire = (await _fixture.Raw.CallAsync(kind, RichMethods.Instruction("huge", "throw", messagesFirst))).AssertAgree();

        Assert.InRange(wire.BlockSize, 1, Limit);
        Assert.Equal(StatusCode.FailedPrecondition, wire.Code);
        Assert.EndsWith("...", wire.Message);
        Assert.StartsWith(wire.Message[..^3], original.Message, StringComparison.Ordinal);
        Assert.Null(wire.Detail<DebugInfo>());
        Assert.Null(wire.Detail<ResourceInfo>());

        var log = Server.Logs.SingleTrimmed();
        Assert.Contains("dropped details [google.rpc.DebugInfo, google.rpc.ResourceInfo", log.Message);
        Assert.Contains("1024", log.Message);
        Server.Logs.AssertNoUnexpectedErrors();
    }

    [Theory]
    [InlineData(MethodType.Unary, 0)]
    [InlineData(MethodType.ServerStreaming, 2)]
    [InlineData(MethodType.DuplexStreaming, 2)]
    public async Task HugeStatus_PeerWith1KiBHeaderLimit_StillReceivesTheStatus(MethodType kind, int messagesFirst)
    {
        using var peer = new RichRawClient(Server.Address, maxResponseHeadersKiB: 1);

        var wire = (await peer.CallAsync(kind, RichMethods.Instruction("huge", "throw", messagesFirst))).AssertAgree();

        Assert.Equal(StatusCode.FailedPrecondition, wire.Code);
    }

    [Fact]
    public async Task SmallStatus_1KiBLimit_IsSentIntact()
    {
        var expected = RichScenarios.Get("debug");

        var wire = (await _fixture.Raw.CallAsync(MethodType.Unary, RichMethods.Instruction("debug"))).AssertAgree();

        Assert.Equal(expected.Message, wire.Message);
        Assert.Equal(expected.Details, wire.Details);
        Assert.Empty(Server.Logs.Trimmed());
    }
}

/// <summary>Why the budget exists: without it, a peer with an 8 KiB header limit loses the whole call.</summary>
public class ServerRichStatusWithoutBudgetTests : IClassFixture<UnlimitedTrailerRichServerFixture>
{
    private readonly UnlimitedTrailerRichServerFixture _fixture;

    public ServerRichStatusWithoutBudgetTests(UnlimitedTrailerRichServerFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task HugeStatus_NoBudget_PeerWith8KiBLimitCannotReadIt()
    {
        using var peer = new RichRawClient(_fixture.Server.Address, maxResponseHeadersKiB: 8);

        await Assert.ThrowsAsync<HttpRequestException>(() => peer.CallAsync(MethodType.Unary, RichMethods.Instruction("huge")));
    }

    [Fact]
    public async Task HugeStatus_NoBudget_PeerWithoutLimitGetsEverything()
    {
        var original = RichScenarios.Get("huge");

        var wire = (await _fixture.Raw.CallAsync(MethodType.Unary, RichMethods.Instruction("huge"))).AssertAgree();

        Assert.Equal(original.Message, wire.Message);
        Assert.Equal(original.Details, wire.Details);
        Assert.Empty(_fixture.Server.Logs.Trimmed());
    }
}
