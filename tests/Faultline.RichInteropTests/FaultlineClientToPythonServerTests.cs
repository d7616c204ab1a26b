using Faultline.RichInteropTests.Catalog;
using Faultline.RichInteropTests.Infrastructure;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Net.Client;
using Xunit.Sdk;

namespace Faultline.RichInteropTests;

/// <summary>
/// The Faultline client (Grpc.Net.Client with <c>channel.WithFaultline()</c>) calls
/// python/rich_server.py, whose handlers abort the way grpcio-status does
/// (<c>context.abort_with_status(to_status(status))</c>), on all four call kinds: the typed exception
/// of the code with the details decoded exactly, leniently and strictly alike. Then the broken
/// trailers only a hand-made server sends: lenient reading keeps the call's code and message,
/// strict reading throws what is wrong.
/// </summary>
[Collection(RichInteropCollection.Name)]
public sealed class FaultlineClientToPythonServerTests(RichInteropFixture fixture)
{
    private static readonly TypeRegistry Registry = TypeRegistry.FromFiles(ErrorDetailsReflection.Descriptor, RichErrorsReflection.Descriptor, StructReflection.Descriptor);

    public static TheoryData<string> Ids => new(CaseId.PythonServerIds(RichCases.Common));

    public static TheoryData<string> BrokenIds => new(from c in RichCases.Broken from k in RichInteropFixture.BrokenKinds select new CaseId(c, k, null).ToString());

    [Theory]
    [MemberData(nameof(Ids))]
    public async Task FaultlineClient_ReadsPythonRichStatus(string caseId)
    {
        var id = CaseId.Parse(caseId);
        var expected = RichCases.Sent(id.Case);
        var expectedBytes = expected.ToTrailerBytes();
        foreach (var strict in new[] { false, true })
        {
            await CallPythonAsync(id, strict, (error, replies, wire) =>
            {
                Assert.Equal(id.RepliesBeforeError, replies.Count);
                var ex = Assert.IsAssignableFrom<GrpcException>(error);
                Assert.True(ex.GetType() == RichCases.ExceptionType(expected.Code), $"{ex.GetType().Name}, expected {RichCases.ExceptionType(expected.Code).Name}: {ex}");
                Assert.Equal((expected.Code, expected.Message), (ex.StatusCode, ex.Status.Detail));
                Assert.Equal((expected.Code, expected.Message), (ex.RichStatus.Code, ex.RichStatus.Message));

                // Byte for byte: the trailer as it arrived on the wire and as the client kept it, the decoded status, each detail.
                var (raw, where) = wire.LastRaw("grpc-status-details-bin");
                Assert.True(where == (id.TrailersOnly ? "headers (Trailers-Only)" : "trailers"), $"grpc-status-details-bin arrived in {where}");
                Bytes.Equal(expectedBytes, Bytes.FromBinaryHeader(raw!), $"grpc-status-details-bin on the wire ({raw})");
                Bytes.Equal(expectedBytes, RichCalls.RawDetails(ex), "grpc-status-details-bin in ex.Trailers");
                Bytes.Equal(expectedBytes, ex.RichStatus.ToTrailerBytes(), "ex.RichStatus re-serialized");
                Bytes.DetailsEqual(Bytes.Pairs(expected), Bytes.Pairs(ex.RichStatus), "ex.RichStatus.Details");
                AssertTypedDetails(id.Case, ex);
            });
        }
    }

    [Theory]
    [MemberData(nameof(BrokenIds))]
    public async Task FaultlineClient_BrokenDetails_LenientKeepsTheCallsStatus_StrictThrows(string caseId)
    {
        var id = CaseId.Parse(caseId);
        var (code, message, strictType) = BrokenExpectation(id.Case);

        await CallPythonAsync(id, strict: false, (error, replies, _) =>
        {
            Assert.Equal(id.RepliesBeforeError, replies.Count);
            var ex = Assert.IsAssignableFrom<GrpcException>(error);
            Assert.True(ex.GetType() == RichCases.ExceptionType(code), $"lenient: {ex.GetType().Name}, expected {RichCases.ExceptionType(code).Name}: {ex}");
            Assert.Equal((code, message), (ex.StatusCode, ex.Status.Detail));
            Assert.Equal((code, message), (ex.RichStatus.Code, ex.RichStatus.Message));

            // The details are the trailer's when it parses as a google.rpc.Status at all, else none.
            var raw = RichCalls.RawDetails(ex);
            Assert.NotNull(raw);
            var parsed = TryParse(raw);
            Assert.Equal(strictType == typeof(MalformedStatusDetailsException), parsed is null);
            Bytes.DetailsEqual(parsed is null ? [] : Bytes.Pairs(parsed), Bytes.Pairs(ex.RichStatus), "lenient details");
        });

        await CallPythonAsync(id, strict: true, (error, replies, _) =>
        {
            Assert.Equal(id.RepliesBeforeError, replies.Count);
            Assert.True(error.GetType() == strictType, $"strict: {error.GetType().Name}, expected {strictType.Name}: {error}");
            Assert.IsAssignableFrom<RichStatusException>(error);
            Assert.Equal((code, message), (error.StatusCode, error.Status.Detail));
            switch (error)
            {
                case MalformedStatusDetailsException malformed:
                    Assert.IsType<InvalidProtocolBufferException>(malformed.InnerException);
                    break;
                case RichStatusMismatchException mismatch:
                    var parsed = TryParse(RichCalls.RawDetails(mismatch)!)!;
                    Assert.Equal(((StatusCode)parsed.Code, parsed.Message), (mismatch.DetailsStatus.Code, mismatch.DetailsStatus.Message));
                    break;
            }
        });
    }

    /// <summary>The call's own status for each broken case (as python/rich_server.py sends it) and what strict reading throws.</summary>
    internal static (StatusCode Code, string Message, System.Type StrictException) BrokenExpectation(string @case) => @case switch
    {
        "mismatch_code" => (StatusCode.InvalidArgument, "Mismatched details.", typeof(RichStatusMismatchException)),
        "mismatch_message" => (StatusCode.FailedPrecondition, "The call's message.", typeof(RichStatusMismatchException)),
        "details_code_ok" => (StatusCode.Internal, RichCases.Sent("request_info").Message, typeof(RichStatusMismatchException)),
        "malformed" => (StatusCode.Internal, "Malformed details.", typeof(MalformedStatusDetailsException)),
        "garbage" => (StatusCode.Unavailable, "Garbage details.", typeof(MalformedStatusDetailsException)),
        "wrong_type" => (StatusCode.NotFound, "Another message.", typeof(RichStatusMismatchException)),
        _ => throw new XunitException($"No expectations for broken case '{@case}'."),
    };

    /// <summary>The typed accessors an application would use, per case; and every detail of a known type unpacks to the bytes it arrived as.</summary>
    private static void AssertTypedDetails(string @case, GrpcException ex)
    {
        var rich = ex.RichStatus;
        switch (@case)
        {
            case "error_info":
                Assert.Equal(("API_DISABLED", "greeter.faultline.example"), (ex.Reason, ex.Domain));
                Assert.Equal(["consumer", "quota_limit", "service"], ex.ErrorMetadata.Keys.Order());
                Assert.Equal("projects/123", ex.ErrorMetadata["consumer"]);
                break;
            case "retry_info":
                Assert.Equal(TimeSpan.FromMilliseconds(1500), rich.RetryInfo!.RetryDelay.ToTimeSpan());
                break;
            case "debug_info":
                // A client keeps whatever the peer sent; only Faultline servers withhold DebugInfo.
                Assert.Equal("NullReferenceException: name was null", rich.DebugInfo!.Detail);
                Assert.Equal(2, rich.DebugInfo.StackEntries.Count);
                break;
            case "quota_failure":
                var violation = Assert.Single(Assert.IsType<ResourceExhaustedException>(ex).RichStatus.QuotaFailure!.Violations);
                Assert.Equal(("name: Ada", "Limit one greeting per person"), (violation.Subject, violation.Description));
                break;
            case "precondition_failure":
                Assert.Equal(["TOS", "AGE"], rich.PreconditionFailure!.Violations.Select(v => v.Type));
                break;
            case "bad_request":
                Assert.Equal(["name", "count", "address.postal_code"], rich.BadRequest!.FieldViolations.Select(v => v.Field));
                break;
            case "request_info":
                Assert.Equal(("req-7f3a9c21", "shard=3;replica=b"), (rich.RequestInfo!.RequestId, rich.RequestInfo.ServingData));
                break;
            case "resource_info":
                Assert.Equal("accounts/42", rich.ResourceInfo!.ResourceName);
                break;
            case "help":
                Assert.Equal(["Signing in", "API keys"], rich.Help!.Links.Select(l => l.Description));
                break;
            case "localized_message":
                Assert.Equal(("fr-FR", "Ce message existe déjà."), (rich.LocalizedMessage!.Locale, rich.LocalizedMessage.Message));
                break;
            case "many_details":
                Assert.NotNull(rich.ErrorInfo);
                Assert.NotNull(rich.RetryInfo);
                Assert.NotNull(rich.DebugInfo);
                Assert.NotNull(rich.QuotaFailure);
                Assert.NotNull(rich.PreconditionFailure);
                Assert.NotNull(rich.BadRequest);
                Assert.NotNull(rich.RequestInfo);
                Assert.NotNull(rich.ResourceInfo);
                Assert.NotNull(rich.Help);
                Assert.NotNull(rich.LocalizedMessage);
                break;
            case "unknown_details":
                var custom = ex.GetDetail<CustomDetail>()!;
                Assert.Equal(("acme", 3L, 0.25, true), (custom.Tenant, custom.RetryBudget, custom.Nested.Ratio, custom.Nested.Flag));
                Assert.Equal(new byte[] { 0x00, 0x01, 0xfe, 0xff }, custom.Blob.ToByteArray());
                var @struct = ex.GetDetail<Struct>()!;
                Assert.Equal(2, @struct.Fields["attempt"].NumberValue);
                Assert.Equal(Value.KindOneofCase.NullValue, @struct.Fields["nested"].StructValue.Fields["a"].KindCase);
                var opaque = Assert.Single(ex.Details, d => d.TypeUrl == RichCases.OpaqueTypeUrl);
                Assert.Equal(RichCases.OpaqueValue, opaque.Value.ToByteArray());
                break;
            case "non_ascii":
                Assert.Equal("名前/🚀", rich.ResourceInfo!.ResourceName);
                Assert.Equal("„Welt“ wurde nicht gefunden ✓", rich.LocalizedMessage!.Message);
                break;
            case "no_details":
                Assert.Empty(ex.Details);
                break;
        }

        foreach (var detail in rich.Details.Where(d => d.TypeUrl != RichCases.OpaqueTypeUrl))
        {
            var descriptor = Registry.Find(Any.GetTypeName(detail.TypeUrl));
            Assert.True(descriptor is not null, $"unknown detail type {detail.TypeUrl}");
            Bytes.Equal(detail.Value.ToByteArray(), descriptor.Parser.ParseFrom(detail.Value).ToByteArray(), $"{detail.TypeUrl} re-serialized");
        }
    }

    private static Google.Rpc.Status? TryParse(byte[] raw)
    {
        try
        {
            return Google.Rpc.Status.Parser.ParseFrom(raw);
        }
        catch (InvalidProtocolBufferException)
        {
            return null;
        }
    }

    private async Task CallPythonAsync(CaseId id, bool strict, Action<RpcException, List<ErrorReply>, ResponseRecorder> check)
    {
        var server = await fixture.PythonServer;
        var wire = new ResponseRecorder();
        using var channel = GrpcChannel.ForAddress(server.Address, new GrpcChannelOptions { HttpHandler = wire, DisposeHttpClient = true });
        var stderrBefore = server.Stderr.Length;
        try
        {
            var (error, replies) = await RichCalls.FailAsync(channel.WithFaultline(o => o.StrictStatusDetails = strict), id).WaitAsync(TimeSpan.FromSeconds(30));
            check(error, replies, wire);
        }
        catch (Exception ex)
        {
            var raw = wire.Count > 0 ? wire.LastRaw("grpc-status-details-bin") : (null, "no response");
            throw new XunitException($"{id} ({(strict ? "strict" : "lenient")}) failed: {ex}\n--- grpc-status-details-bin as received: {raw.Item2}: {raw.Item1 ?? "<none>"}\n--- {server.Describe()}");
        }

        // The Python server must not have hit an unexpected exception (abort_with_status itself is silent).
        var stderr = server.Stderr[stderrBefore..];
        Assert.False(
            stderr.Contains("Traceback", StringComparison.Ordinal) || stderr.Contains("Exception calling application", StringComparison.Ordinal),
            $"{id}: the Python server reported an error\n--- {server.Describe()}");
    }
}
