using Faultline.FunctionalTests.Infrastructure;
using Faultline.FunctionalTests.Services;
using Google.Rpc;

namespace Faultline.FunctionalTests.Server;

/// <summary>
/// What the Faultline server pipeline puts on the wire for each way a call can fail, on each call
/// kind, before any message (Trailers-Only) and after streamed messages, read with a raw HTTP/2
/// client: the code, the message, exactly one details trailer agreeing with them, nothing internal.
/// </summary>
public sealed class WireStatusTests : IAsyncLifetime
{
    private CallsServer _server = null!;
    private RawGrpcClient _raw = null!;

    /// <summary>Every call kind, with no messages before the failure and (streaming responses) with two.</summary>
    public static TheoryData<MethodType, int> KindsAndCounts => new()
    {
        { MethodType.Unary, 0 },
        { MethodType.ServerStreaming, 0 },
        { MethodType.ServerStreaming, 2 },
        { MethodType.ClientStreaming, 0 },
        { MethodType.DuplexStreaming, 0 },
        { MethodType.DuplexStreaming, 2 },
    };

    public async Task InitializeAsync()
    {
        _server = await CallsServer.StartAsync();
        _raw = new RawGrpcClient(_server.Address);
    }

    public async Task DisposeAsync()
    {
        _raw.Dispose();
        await _server.DisposeAsync();
    }

    [Theory]
    [MemberData(nameof(KindsAndCounts))]
    public async Task ThrownTypedException_SendsItsStatusAndDetails(MethodType kind, int count)
    {
        var status = await CallAsync(kind, new CallRequest { Mode = Modes.ThrowTyped, Text = "t-1", Count = count });

        Assert.Equal(StatusCode.NotFound, status.Code);
        Assert.Equal("No such thing: t-1", status.Message);
        var info = status.Detail<ErrorInfo>()!;
        Assert.Equal("THING_NOT_FOUND", info.Reason);
        Assert.Equal(CallsService.Domain, info.Domain);
        Assert.Equal("t-1", info.Metadata["thing"]);
        Assert.Equal("t-1", status.Detail<ResourceInfo>()!.ResourceName);
        _server.Logs.AssertNoUnexpectedErrors();
    }

    [Theory]
    [MemberData(nameof(KindsAndCounts))]
    public async Task SetRichStatus_SendsTheSameStatusAsThrowingIt(MethodType kind, int count)
    {
        var set = await CallAsync(kind, new CallRequest { Mode = Modes.SetRich, Text = "Ada", Count = count });
        var thrown = await CallAsync(kind, new CallRequest { Mode = Modes.ThrowRich, Text = "Ada", Count = count });

        Assert.Equal(StatusCode.ResourceExhausted, set.Code);
        Assert.Equal("Request limit exceeded.", set.Message);
        Assert.Equal("name: Ada", set.Detail<QuotaFailure>()!.Violations[0].Subject);
        Assert.Equal(thrown.Proto, set.Proto);
        Assert.Equal(thrown.TrailersOnly, set.TrailersOnly);
        Assert.Equal(thrown.Response.Messages().Count, set.Response.Messages().Count);
        _server.Logs.AssertNoUnexpectedErrors();
    }

    [Theory]
    [MemberData(nameof(KindsAndCounts))]
    public async Task PlainRpcException_KeepsItsStatusAndTrailers_WithoutInventingDetails(MethodType kind, int count)
    {
        var status = await CallAsync(kind, new CallRequest { Mode = Modes.ThrowRpc, Count = count });

        Assert.Equal(StatusCode.PermissionDenied, status.Code);
        Assert.Equal("plain denial", status.Message);
        Assert.Null(status.Proto);
        Assert.Equal(["1"], status.Values("x-plain"));
    }

    [Theory]
    [MemberData(nameof(KindsAndCounts))]
    public async Task StatusProtoException_KeepsItsDetails(MethodType kind, int count)
    {
        var status = await CallAsync(kind, new CallRequest { Mode = Modes.ThrowStatusProto, Count = count });

        Assert.Equal(StatusCode.FailedPrecondition, status.Code);
        Assert.Equal("from StatusProto", status.Message);
        Assert.Equal("TOS", status.Detail<PreconditionFailure>()!.Violations[0].Type);
    }

    [Theory]
    [MemberData(nameof(KindsAndCounts))]
    public async Task PlainSetStatus_IsSentWithoutDetails(MethodType kind, int count)
    {
        var status = await CallAsync(kind, new CallRequest { Mode = Modes.SetPlain, Count = count });

        Assert.Equal(StatusCode.Aborted, status.Code);
        Assert.Equal("plain set status", status.Message);
        Assert.Null(status.Proto);
    }

    [Theory]
    [MemberData(nameof(KindsAndCounts))]
    public async Task SetRichStatus_ThenAnotherStatus_SendsTheLaterOne_WithDetailsThatAgree(MethodType kind, int count)
    {
        var status = await CallAsync(kind, new CallRequest { Mode = Modes.SetRichThenPlain, Text = "Ada", Count = count });

        Assert.Equal(StatusCode.Aborted, status.Code);
        Assert.Equal("plain set status", status.Message);
        Assert.Equal((int)StatusCode.Aborted, status.Proto!.Code);
        Assert.Equal("plain set status", status.Proto.Message);
        Assert.Single(status.Values("grpc-status-details-bin"));
        _server.Logs.AssertNoUnexpectedErrors();
    }

    [Theory]
    [MemberData(nameof(KindsAndCounts))]
    public async Task UnexpectedException_SendsGenericUnknown_WithNothingInternal(MethodType kind, int count)
    {
        var status = await CallAsync(kind, new CallRequest { Mode = Modes.ThrowUnexpected, Count = count });

        Assert.Equal(StatusCode.Unknown, status.Code);
        Assert.Equal("Exception was thrown by handler.", status.Message);
        Assert.NotNull(status.Proto);
        Assert.Empty(status.Details);
        AssertNothingInBlock(status, "secret", "InvalidOperationException");
        Assert.Single(_server.Logs.Errors, e => e.EventName == "UnexpectedException");
        _server.Logs.AssertNoUnexpectedErrors("UnexpectedException");
    }

    [Theory]
    [MemberData(nameof(KindsAndCounts))]
    public async Task DebugInfo_IsNotSentWithoutDetailedErrors(MethodType kind, int count)
    {
        var status = await CallAsync(kind, new CallRequest { Mode = Modes.ThrowDebugInfo, Count = count });

        Assert.Equal(StatusCode.Internal, status.Code);
        Assert.Equal("Broken invariant.", status.Message);
        Assert.Null(status.Detail<DebugInfo>());
        Assert.Empty(status.Details);
        AssertNothingInBlock(status, "secret", "Secret.Method");
    }

    [Theory]
    [MemberData(nameof(KindsAndCounts))]
    public async Task ContextAndExceptionTrailers_AreAllSentOnce(MethodType kind, int count)
    {
        var status = await CallAsync(kind, new CallRequest { Mode = Modes.TrailersBoth, Count = count });

        Assert.Equal(StatusCode.NotFound, status.Code);
        Assert.Equal(["from-context"], status.Values("x-context"));
        Assert.Equal(["from-exception"], status.Values("x-own"));
        Assert.Equal([Convert.ToBase64String([1, 2, 3])], status.Values("x-own-bin"));
    }

    [Theory]
    [MemberData(nameof(KindsAndCounts))]
    public async Task MalformedApplicationDetails_AreDropped_StatusKept(MethodType kind, int count)
    {
        var status = await CallAsync(kind, new CallRequest { Mode = Modes.ThrowMalformedDetails, Count = count });

        Assert.Equal(StatusCode.NotFound, status.Code);
        Assert.Equal("malformed details", status.Message);
        Assert.Null(status.Proto);
    }

    [Theory]
    [MemberData(nameof(KindsAndCounts))]
    public async Task MismatchedApplicationDetails_AreRewrittenToAgreeWithTheStatus(MethodType kind, int count)
    {
        var status = await CallAsync(kind, new CallRequest { Mode = Modes.ThrowMismatchedDetails, Count = count });

        Assert.Equal(StatusCode.NotFound, status.Code);
        Assert.Equal("what the headers say", status.Message);
        Assert.NotNull(status.Proto);
    }

    [Theory]
    [InlineData(MethodType.Unary)]
    [InlineData(MethodType.ClientStreaming)]
    public async Task FailureWithoutResponse_IsTrailersOnly_AndSendsNoMessage(MethodType kind)
    {
        foreach (var mode in new[] { Modes.SetRich, Modes.ThrowRich, Modes.SetPlain, Modes.ThrowUnexpected, Modes.ThrowRpc })
        {
            var status = await CallAsync(kind, new CallRequest { Mode = mode });

            Assert.True(status.TrailersOnly, mode);
            Assert.Empty(status.Response.Body);
        }
    }

    [Theory]
    [InlineData(MethodType.ServerStreaming)]
    [InlineData(MethodType.DuplexStreaming)]
    public async Task FailureAfterMessages_SendsTheMessagesThenTheStatusInTrailers(MethodType kind)
    {
        var status = await CallAsync(kind, new CallRequest { Mode = Modes.SetRich, Count = 2 });

        Assert.False(status.TrailersOnly);
        Assert.Equal(2, status.Response.Messages().Count);
        Assert.Equal(StatusCode.ResourceExhausted, status.Code);
    }

    private async Task<WireStatus> CallAsync(MethodType kind, CallRequest request)
    {
        var response = await _raw.PostAsync(CallPaths.Of(kind), CallRunner.RawBody(kind, request));
        var status = WireStatus.Read(response).AssertAgree();
        Assert.True(status.Values("grpc-status-details-bin").Count <= 1, "more than one grpc-status-details-bin");
        Assert.Equal(request.Count == 0 || kind is MethodType.Unary or MethodType.ClientStreaming, status.TrailersOnly);
        return status;
    }

    private static void AssertNothingInBlock(WireStatus status, params string[] secrets)
    {
        var block = string.Join("\n", status.Response.StatusBlock.SelectMany(h => h.Value.Select(v => h.Key + ": " + v)));
        var decoded = status.Proto?.ToString() ?? string.Empty;
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, block, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, decoded, StringComparison.Ordinal);
        }
    }
}
