using Faultline.Client;
using Faultline.RichInteropTests.Infrastructure;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Xunit.Sdk;

namespace Faultline.RichInteropTests;

/// <summary>
/// The Faultline client calls python/rich_server.py, whose handlers abort the way grpcio-status does
/// (<c>context.abort_with_status(to_status(status))</c>), on all four call kinds.
/// </summary>
[Collection(RichInteropCollection.Name)]
public sealed class FaultlineClientToPythonServerTests(RichInteropFixture fixture)
{
    public static TheoryData<string> CaseIds => new(RichCases.Ids(RichCases.PythonServerCases));

    public static TheoryData<string> BrokenIds => new(from c in RichCases.Broken from k in new[] { "unary", "server_stream" } select $"{c}@{k}");

    [Theory]
    [MemberData(nameof(CaseIds))]
    public async Task FaultlineClient_ReadsPythonRichStatus(string caseId)
    {
        var (@case, kind) = RichCases.Split(caseId);
        await RunAgainstPythonAsync(caseId, async (client, wire) =>
        {
            var expected = RichCases.Wire(@case);
            // to_status always sends the trailer, with just code and message when there are no details.
            var expectedBytes = expected.ToProto().ToByteArray();
            var (ex, replies) = await RichCalls.FailAsync(client, @case, kind);

            Assert.Equal(RichCalls.RepliesBeforeError(kind), replies.Count);
            Assert.True(ex.GetType() == RichCases.ExceptionType(expected.Code), $"exception {ex.GetType().Name}, expected {RichCases.ExceptionType(expected.Code).Name}: {ex}");
            Assert.Equal(expected.Code, ex.StatusCode);
            Assert.Equal(expected.Message, ex.Status.Message);

            // Byte for byte: the trailer as it arrived on the wire and as the client kept it, the decoded status, and each detail.
            var (raw, where) = wire.LastRaw(GrpcException.StatusDetailsTrailer);
            Assert.True(where == (RichCalls.RepliesBeforeError(kind) == 0 ? "headers (Trailers-Only)" : "trailers"), $"grpc-status-details-bin arrived in {where}");
            RichCalls.BytesEqual(expectedBytes, RichCalls.DecodeBinaryHeader(raw!), $"grpc-status-details-bin on the wire ({raw})");
            RichCalls.BytesEqual(expectedBytes, RichCalls.RawDetails(ex), "grpc-status-details-bin in ex.Trailers");
            RichCalls.BytesEqual(expectedBytes, ex.RichStatus.ToProto().ToByteArray(), "ex.RichStatus re-serialized");
            RichCalls.DetailsEqual(RichCalls.Pairs(expected), RichCalls.Pairs(ex.RichStatus), "ex.RichStatus.Details");

            // The strict reader (like grpcio-status's from_call) accepts it and agrees.
            var strict = StatusDetailsReader.ReadStrict(ex);
            Assert.NotNull(strict);
            RichCalls.BytesEqual(expectedBytes, strict.ToProto().ToByteArray(), "StatusDetailsReader.ReadStrict");

            AssertTypedDetails(@case, ex);
        });
    }

    [Theory]
    [MemberData(nameof(BrokenIds))]
    public async Task FaultlineClient_BrokenDetails_LenientKeepsStatus_StrictThrows(string caseId)
    {
        var (@case, kind) = RichCases.Split(caseId);
        await RunAgainstPythonAsync(caseId, async (client, _) =>
        {
            var (ex, replies) = await RichCalls.FailAsync(client, @case, kind);
            Assert.Equal(RichCalls.RepliesBeforeError(kind), replies.Count);
            var raw = RichCalls.RawDetails(ex);
            Assert.NotNull(raw);

            switch (@case)
            {
                case "mismatch_code":
                {
                    // grpc-status says INVALID_ARGUMENT; the details status says NOT_FOUND. The call's own status wins.
                    Assert.IsType<InvalidArgumentException>(ex);
                    Assert.Equal(new Status(StatusCode.InvalidArgument, "Mismatched details."), ex.Status);
                    Assert.Equal(StatusCode.NotFound, (StatusCode)Google.Rpc.Status.Parser.ParseFrom(raw).Code);
                    var mismatch = Assert.Throws<RichStatusMismatchException>(() => StatusDetailsReader.ReadStrict(ex));
                    Assert.Contains("code", mismatch.Message, StringComparison.OrdinalIgnoreCase);
                    AssertLenient(ex, raw);
                    break;
                }

                case "mismatch_message":
                {
                    Assert.IsType<FailedPreconditionException>(ex);
                    Assert.Equal(new Status(StatusCode.FailedPrecondition, "The call's message."), ex.Status);
                    var mismatch = Assert.Throws<RichStatusMismatchException>(() => StatusDetailsReader.ReadStrict(ex));
                    Assert.Contains("message", mismatch.Message, StringComparison.OrdinalIgnoreCase);
                    AssertLenient(ex, raw);
                    break;
                }

                case "malformed":
                {
                    Assert.IsType<InternalException>(ex);
                    Assert.Equal(new Status(StatusCode.Internal, "Malformed details."), ex.Status);
                    RichCalls.BytesEqual("\u0012\u0010truncated"u8.ToArray(), raw, "malformed trailer as received");
                    Assert.Empty(ex.RichStatus.Details);
                    Assert.Throws<MalformedStatusDetailsException>(() => StatusDetailsReader.ReadStrict(ex));
                    var lenient = StatusDetailsReader.ReadLenient(ex.Status, ex.Trailers);
                    Assert.Equal((StatusCode.Internal, "Malformed details."), (lenient.Code, lenient.Message));
                    Assert.Empty(lenient.Details);
                    break;
                }

                default:
                    throw new XunitException($"No expectations for broken case '{@case}'.");
            }
        });
    }

    /// <summary>Lenient reading (what the client's exception carries): code and message from the call, details from the trailer.</summary>
    private static void AssertLenient(GrpcException ex, byte[] raw)
    {
        var lenient = StatusDetailsReader.ReadLenient(ex.Status, ex.Trailers);
        Assert.Equal((ex.StatusCode, ex.Status.Message), (lenient.Code, lenient.Message));
        Assert.Equal((ex.StatusCode, ex.Status.Message), (ex.RichStatus.Code, ex.RichStatus.Message));
        var sentDetails = Google.Rpc.Status.Parser.ParseFrom(raw).Details.Select(d => (d.TypeUrl, d.Value.ToByteArray())).ToList();
        RichCalls.DetailsEqual(sentDetails, RichCalls.Pairs(lenient), "ReadLenient details");
        RichCalls.DetailsEqual(sentDetails, RichCalls.Pairs(ex.RichStatus), "ex.RichStatus.Details");
    }

    /// <summary>The typed accessors an application would use, per case.</summary>
    private static void AssertTypedDetails(string @case, GrpcException ex)
    {
        switch (@case)
        {
            case "quota":
            {
                var quota = Assert.IsType<ResourceExhaustedException>(ex).GetDetail<QuotaFailure>();
                Assert.NotNull(quota);
                var violation = Assert.Single(quota.Violations);
                Assert.Equal(("name: Ada", "Limit one greeting per person"), (violation.Subject, violation.Description));
                break;
            }

            case "bad_request":
                Assert.Equal(["name", "count", "address.postal_code"], ex.GetDetail<BadRequest>()!.FieldViolations.Select(v => v.Field));
                break;

            case "error_info":
            {
                // Google.Api.CommonProtos 2.0.0 calls field 1 `Type`; Python's generated class calls it `reason`.
                var info = ex.GetDetail<ErrorInfo>()!;
                Assert.Equal(("API_DISABLED", "greeter.faultline.example"), (info.Type, info.Domain));
                Assert.Equal(["consumer", "quota_limit", "service"], info.Metadata.Keys.Order());
                Assert.Equal("projects/123", info.Metadata["consumer"]);
                break;
            }

            case "many_details":
                Assert.Equal(TimeSpan.FromMilliseconds(1500), ex.GetDetail<RetryInfo>()!.RetryDelay.ToTimeSpan());
                Assert.Equal("en-US", ex.GetDetail<LocalizedMessage>()!.Locale);
                Assert.Equal(2, ex.GetDetail<Help>()!.Links.Count);
                Assert.Equal("accounts/42", ex.GetDetail<ResourceInfo>()!.ResourceName);
                Assert.Equal(["TOS", "AGE"], ex.GetDetail<PreconditionFailure>()!.Violations.Select(v => v.Type));
                Assert.Equal("req-7f3a9c21", ex.GetDetail<RequestInfo>()!.RequestId);
                Assert.Equal("TOS_NOT_ACCEPTED", ex.GetDetail<ErrorInfo>()!.Type);
                Assert.Equal("project:123", ex.GetDetail<QuotaFailure>()!.Violations[0].Subject);
                Assert.Equal("accept_tos", ex.GetDetail<BadRequest>()!.FieldViolations[0].Field);
                Assert.Null(ex.GetDetail<DebugInfo>());
                break;

            case "custom_detail":
            {
                var custom = ex.GetDetail<CustomDetail>()!;
                Assert.Equal(("acme", 3L, 0.25, true), (custom.Tenant, custom.RetryBudget, custom.Nested.Ratio, custom.Nested.Flag));
                Assert.Equal(new byte[] { 0x00, 0x01, 0xfe, 0xff }, custom.Blob.ToByteArray());
                var @struct = ex.GetDetail<Struct>()!;
                Assert.Equal(2, @struct.Fields["attempt"].NumberValue);
                Assert.Equal("c", @struct.Fields["nested"].StructValue.Fields["b"].StringValue);
                Assert.Equal(Value.KindOneofCase.NullValue, @struct.Fields["nested"].StructValue.Fields["a"].KindCase);
                break;
            }

            case "non_ascii":
                Assert.Equal("名前/🚀", ex.GetDetail<ResourceInfo>()!.ResourceName);
                Assert.Equal("„Welt“ wurde nicht gefunden ✓", ex.GetDetail<LocalizedMessage>()!.Message);
                break;

            case "debug_info":
                // A client keeps whatever the peer sent; only Faultline servers withhold DebugInfo.
                Assert.Equal("python detail", ex.GetDetail<DebugInfo>()!.Detail);
                break;

            case "no_details":
                Assert.Empty(ex.RichStatus.Details);
                break;
        }

        // Every detail unpacks to its type and re-serializes to the bytes it arrived as.
        var registry = TypeRegistry.FromFiles(ErrorDetailsReflection.Descriptor, RichErrorsReflection.Descriptor, StructReflection.Descriptor);
        foreach (var detail in ex.RichStatus.Details)
        {
            var descriptor = registry.Find(Any.GetTypeName(detail.TypeUrl));
            Assert.True(descriptor is not null, $"unknown detail type {detail.TypeUrl}");
            var message = descriptor.Parser.ParseFrom(detail.Value);
            RichCalls.BytesEqual(detail.Value.ToByteArray(), message.ToByteArray(), $"{detail.TypeUrl} re-serialized");
        }
    }

    private async Task RunAgainstPythonAsync(string caseId, Func<RichErrors.RichErrorsClient, ResponseRecorder, Task> test)
    {
        var server = await fixture.PythonServer;
        var wire = new ResponseRecorder();
        using var channel = GrpcChannel.ForAddress(server.Address, new GrpcChannelOptions { HttpHandler = wire, DisposeHttpClient = true });
        var client = new RichErrors.RichErrorsClient(channel);
        var stderrBefore = server.Stderr.Length;
        try
        {
            await test(client, wire).WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (Exception ex)
        {
            var raw = wire.Responses.Count > 0 ? wire.LastRaw(GrpcException.StatusDetailsTrailer) : (null, "no response");
            throw new XunitException($"{caseId} failed: {ex}\n--- grpc-status-details-bin as received: {raw.Item2}: {raw.Item1 ?? "<none>"}\n--- {server.Describe()}");
        }

        // The Python server must not have hit an unexpected exception (abort_with_status itself is silent).
        var stderr = server.Stderr[stderrBefore..];
        Assert.False(
            stderr.Contains("Traceback", StringComparison.Ordinal) || stderr.Contains("Exception calling application", StringComparison.Ordinal),
            $"{caseId}: the Python server reported an error\n--- {server.Describe()}");
    }
}
