using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;

namespace Faultline.Core.Tests.Errors;

/// <summary>Test data shared by the rich error tests.</summary>
internal static class RichErrorSamples
{
    public const string UnknownTypeUrl = "type.example.com/acme.billing.v1.InvoiceHold";

    public static readonly byte[] UnknownBytes = [0x0A, 0x03, 0x61, 0x62, 0x63, 0x10, 0x2A, 0xFF, 0x00];

    /// <summary>A detail whose type nobody here knows: made-up type URL, arbitrary bytes.</summary>
    public static Any UnknownDetail() => new() { TypeUrl = UnknownTypeUrl, Value = ByteString.CopyFrom(UnknownBytes) };

    /// <summary>A detail claiming to be a known type whose bytes are not that message (truncated field).</summary>
    public static Any Malformed(MessageDescriptor descriptor) => new()
    {
        TypeUrl = "type.googleapis.com/" + descriptor.FullName,
        Value = ByteString.CopyFrom(0x0A, 0x7F, 0x01), // field 1, length 127, one byte present
    };

    public static Struct UserStruct() => new()
    {
        Fields =
        {
            ["tenant"] = Value.ForString("acme"),
            ["attempts"] = Value.ForNumber(3),
            ["flags"] = Value.ForList(Value.ForBool(true), Value.ForNull()),
        },
    };

    /// <summary>A status with one of each standard detail type, a user message and an unknown detail.</summary>
    public static RichStatus Everything(StatusCode code = StatusCode.InvalidArgument, string message = "everything went wrong ✓ 100%") =>
        RichStatus.Create(code, message)
            .AddErrorInfo("API_DISABLED", "faultline.example.com", [new("service", "pubsub"), new("consumer", "projects/123")])
            .AddBadRequest(("name", "must not be empty"), ("age", "must be positive"))
            .AddRetryInfo(TimeSpan.FromMilliseconds(1500))
            .AddDebugInfo(["frame one", "frame two"], "NullReferenceException at line 3")
            .AddQuotaFailure(("project:123", "daily limit exceeded"))
            .AddPreconditionFailure(("TOS", "user:42", "terms not accepted"))
            .AddResourceInfo("book", "shelves/1/books/2", "user:7", "the book")
            .AddRequestInfo("req-0001", "shard 9")
            .AddHelp(("docs", "https://example.com/help"), ("faq", "https://example.com/faq"))
            .AddLocalizedMessage("fr-FR", "Quelque chose s'est mal passé")
            .AddDetail(UserStruct())
            .AddDetail(UnknownDetail())
            .Build();

    public static void AssertSame(RichStatus expected, RichStatus actual)
    {
        Assert.Equal(expected.Code, actual.Code);
        Assert.Equal(expected.Message, actual.Message);
        Assert.Equal(expected.Details, actual.Details);
    }
}

public class RichStatusCodeTests
{
    // google.rpc.Code is the canonical list: the same numbers and names as gRPC's statuscodes.md.
    [Fact]
    public void StatusCode_EveryValue_MatchesGoogleRpcCodeNumberAndName()
    {
        var rpcCodes = Google.Rpc.CodeReflection.Descriptor.EnumTypes.Single(e => e.Name == "Code").Values;

        Assert.Equal(17, rpcCodes.Count);
        Assert.Equal(17, System.Enum.GetValues<StatusCode>().Length);
        foreach (var rpc in rpcCodes)
        {
            var code = (StatusCode)rpc.Number;
            Assert.True(System.Enum.IsDefined(code), $"google.rpc.Code {rpc.Name} ({rpc.Number}) has no StatusCode");
            Assert.Equal(rpc.Name, StatusCodeNames.GetName(code));
        }
    }

    [Fact]
    public void StatusCode_EveryValue_HasADocumentedMeaning()
    {
        // The meanings are part of the public API: each code carries a summary in the XML docs.
        var xmlPath = System.IO.Path.ChangeExtension(typeof(StatusCode).Assembly.Location, ".xml");
        Assert.True(File.Exists(xmlPath), "Faultline.Core.xml documentation file not found next to the assembly");
        var doc = System.Xml.Linq.XDocument.Load(xmlPath);
        var members = doc.Descendants("member").ToDictionary(m => (string)m.Attribute("name")!, m => m.Element("summary")?.Value.Trim() ?? string.Empty);

        foreach (var name in System.Enum.GetNames<StatusCode>())
        {
            Assert.True(members.TryGetValue($"F:Faultline.StatusCode.{name}", out var summary), $"StatusCode.{name} has no XML doc");
            Assert.True(summary.Length > 10, $"StatusCode.{name} has no meaningful summary: '{summary}'");
        }
    }
}

public class RichStatusRoundTripTests
{
    [Fact]
    public void Constructor_NullMessageAndDetails_AreEmpty()
    {
        var status = new RichStatus(StatusCode.NotFound, null);

        Assert.Equal(string.Empty, status.Message);
        Assert.Empty(status.Details);
        Assert.Equal(new Status(StatusCode.NotFound, string.Empty), status.Status);
    }

    [Fact]
    public void Constructor_DetailsSequence_IsCopiedNotAliased()
    {
        var list = new List<Any> { Any.Pack(new RequestInfo { RequestId = "a" }) };
        var status = new RichStatus(StatusCode.Internal, "m", list);

        list.Add(Any.Pack(new RequestInfo { RequestId = "b" }));

        Assert.Single(status.Details);
    }

    [Fact]
    public void ToProto_Everything_CarriesCodeMessageAndDetailsInOrder()
    {
        var status = RichErrorSamples.Everything();

        var proto = status.ToProto();

        Assert.Equal((int)StatusCode.InvalidArgument, proto.Code);
        Assert.Equal(status.Message, proto.Message);
        Assert.Equal(status.Details, proto.Details);
        Assert.Equal(12, proto.Details.Count);
    }

    [Fact]
    public void FromProto_ToProto_RoundTrips()
    {
        var proto = RichErrorSamples.Everything().ToProto();

        var back = RichStatus.FromProto(proto).ToProto();

        Assert.Equal(proto, back);
    }

    [Fact]
    public void ToTrailerBytes_FromTrailerBytes_RoundTripsEveryDetailIncludingUnknown()
    {
        var status = RichErrorSamples.Everything();

        var parsed = RichStatus.FromTrailerBytes(status.ToTrailerBytes());

        RichErrorSamples.AssertSame(status, parsed);
        var unknown = parsed.Details.Single(d => d.TypeUrl == RichErrorSamples.UnknownTypeUrl);
        Assert.Equal(RichErrorSamples.UnknownBytes, unknown.Value.ToByteArray());
    }

    [Fact]
    public void ToTrailerBytes_IsASerializedGoogleRpcStatus()
    {
        var status = RichErrorSamples.Everything(StatusCode.ResourceExhausted, "quota");

        var proto = Google.Rpc.Status.Parser.ParseFrom(status.ToTrailerBytes());

        Assert.Equal(8, proto.Code);
        Assert.Equal("quota", proto.Message);
        Assert.Equal(status.Details, proto.Details);
    }

    [Fact]
    public void ToTrailerBytes_TwiceThroughBytes_IsByteIdentical()
    {
        var bytes = RichErrorSamples.Everything().ToTrailerBytes();

        var again = RichStatus.FromTrailerBytes(bytes).ToTrailerBytes();

        Assert.Equal(bytes, again);
    }

    [Fact]
    public void FromTrailerBytes_Empty_IsOkWithNothing()
    {
        // An empty google.rpc.Status is valid protobuf: code 0, no message, no details.
        var status = RichStatus.FromTrailerBytes(ReadOnlySpan<byte>.Empty);

        Assert.Equal(StatusCode.OK, status.Code);
        Assert.Equal(string.Empty, status.Message);
        Assert.Empty(status.Details);
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF })]
    [InlineData(new byte[] { 0x12, 0x10, 0x41 })] // message: length 16, one byte present
    [InlineData(new byte[] { 0x1A, 0x05, 0x0A, 0x03, 0x61 })] // details: truncated Any
    [InlineData(new byte[] { 0x08 })] // code: varint missing
    public void FromTrailerBytes_Malformed_ThrowsMalformedStatusDetailsException(byte[] bytes)
    {
        var ex = Assert.Throws<MalformedStatusDetailsException>(() => RichStatus.FromTrailerBytes(bytes));

        Assert.IsType<InvalidProtocolBufferException>(ex.InnerException);
        Assert.Contains("grpc-status-details-bin", ex.Message);
        Assert.IsAssignableFrom<RichStatusException>(ex);
    }

    [Fact]
    public void TryFromTrailerBytes_Malformed_ReturnsFalse()
    {
        Assert.False(RichStatus.TryFromTrailerBytes(new byte[] { 0xFF, 0xFF, 0xFF }, out var status));
        Assert.Null(status);
    }

    [Fact]
    public void TryFromTrailerBytes_Valid_ReturnsStatus()
    {
        var original = RichErrorSamples.Everything();

        Assert.True(RichStatus.TryFromTrailerBytes(original.ToTrailerBytes(), out var status));
        RichErrorSamples.AssertSame(original, status);
    }

    [Fact]
    public void FromTrailerBytes_UnknownCodeNumber_IsKept()
    {
        var bytes = new Google.Rpc.Status { Code = 42, Message = "future" }.ToByteArray();

        var status = RichStatus.FromTrailerBytes(bytes);

        Assert.Equal((StatusCode)42, status.Code);
        Assert.Equal(42, status.ToProto().Code);
    }

    [Fact]
    public void FromTrailerBytes_UnknownFieldsInStatus_AreIgnored()
    {
        // A newer google.rpc.Status with an extra field (99) must still be read.
        var known = new Google.Rpc.Status { Code = 5, Message = "m" }.ToByteArray();
        var bytes = known.Concat(new byte[] { 0x98, 0x06, 0x01 }).ToArray(); // field 99, varint 1

        var status = RichStatus.FromTrailerBytes(bytes);

        Assert.Equal(StatusCode.NotFound, status.Code);
        Assert.Equal("m", status.Message);
    }

    [Fact]
    public void With_ReplacesMessageAndDetails_KeepsCode()
    {
        var status = RichErrorSamples.Everything(StatusCode.Aborted);

        var smaller = status.With("short", []);

        Assert.Equal(StatusCode.Aborted, smaller.Code);
        Assert.Equal("short", smaller.Message);
        Assert.Empty(smaller.Details);
        Assert.Equal(12, status.Details.Count);
    }

    [Fact]
    public void ToString_NamesCodeMessageAndDetailTypes()
    {
        var text = RichStatus.Create(StatusCode.NotFound, "gone").AddResourceInfo("book", "b1").Build().ToString();

        Assert.Contains("NotFound", text);
        Assert.Contains("gone", text);
        Assert.Contains("google.rpc.ResourceInfo", text);
    }
}

public class RichStatusBuilderTests
{
    private static T Only<T>(RichStatus status)
        where T : class, IMessage<T>, new()
    {
        var any = Assert.Single(status.Details);
        Assert.Equal("type.googleapis.com/" + new T().Descriptor.FullName, any.TypeUrl);
        return any.Unpack<T>();
    }

    [Fact]
    public void Create_CodeAndMessage_AreKept()
    {
        var status = RichStatus.Create(StatusCode.PermissionDenied, "no").Build();

        Assert.Equal(StatusCode.PermissionDenied, status.Code);
        Assert.Equal("no", status.Message);
        Assert.Empty(status.Details);
    }

    [Fact]
    public void AddErrorInfo_ReasonDomainMetadata_AreSet()
    {
        var info = Only<ErrorInfo>(RichStatus.Create(StatusCode.PermissionDenied, "m")
            .AddErrorInfo("IAM_PERMISSION_DENIED", "iam.example.com", [new("permission", "books.get"), new("resource", "b1")]).Build());

        // CommonProtos 2.0.0 calls field 1 "Type"; today's proto calls it "reason" (same field number).
        Assert.Equal("IAM_PERMISSION_DENIED", info.Type);
        Assert.Equal(1, ErrorInfo.TypeFieldNumber);
        Assert.Equal("iam.example.com", info.Domain);
        Assert.Equal("books.get", info.Metadata["permission"]);
        Assert.Equal("b1", info.Metadata["resource"]);
    }

    [Fact]
    public void AddErrorInfo_NoMetadata_HasEmptyMap()
    {
        var info = Only<ErrorInfo>(RichStatus.Create(StatusCode.Internal, "m").AddErrorInfo("R", "d").Build());

        Assert.Empty(info.Metadata);
    }

    [Fact]
    public void AddErrorInfo_ReasonIsOnFieldOne_OnTheWire()
    {
        var any = RichStatus.Create(StatusCode.Internal, "m").AddErrorInfo("R", "d").Build().Details[0];

        // Tag 0x0A = field 1, length-delimited: what every current implementation reads as "reason".
        Assert.Equal(new byte[] { 0x0A, 0x01, (byte)'R', 0x12, 0x01, (byte)'d' }, any.Value.ToByteArray());
    }

    [Fact]
    public void AddBadRequest_FieldViolations_AreKeptInOrder()
    {
        var badRequest = Only<BadRequest>(RichStatus.Create(StatusCode.InvalidArgument, "m")
            .AddBadRequest(("name", "required"), ("email", "not an address"), ("age", "negative")).Build());

        Assert.Equal(
            [("name", "required"), ("email", "not an address"), ("age", "negative")],
            badRequest.FieldViolations.Select(v => (v.Field, v.Description)).ToArray());
    }

    [Fact]
    public void AddRetryInfo_Delay_IsADuration()
    {
        var info = Only<RetryInfo>(RichStatus.Create(StatusCode.Unavailable, "m").AddRetryInfo(TimeSpan.FromMilliseconds(2500)).Build());

        Assert.Equal(2, info.RetryDelay.Seconds);
        Assert.Equal(500_000_000, info.RetryDelay.Nanos);
        Assert.Equal(TimeSpan.FromMilliseconds(2500), info.RetryDelay.ToTimeSpan());
    }

    [Fact]
    public void AddDebugInfo_StackAndDetail_AreSet()
    {
        var info = Only<DebugInfo>(RichStatus.Create(StatusCode.Internal, "m").AddDebugInfo(["a", "b"], "detail").Build());

        Assert.Equal(["a", "b"], info.StackEntries);
        Assert.Equal("detail", info.Detail);
    }

    [Fact]
    public void AddDebugInfo_FromException_HasTypeMessageAndStack()
    {
        Exception thrown;
        try
        {
            throw new InvalidOperationException("kaput");
        }
        catch (InvalidOperationException ex)
        {
            thrown = ex;
        }

        var info = Only<DebugInfo>(RichStatus.Create(StatusCode.Internal, "m").AddDebugInfo(thrown).Build());

        Assert.Equal("System.InvalidOperationException: kaput", info.Detail);
        Assert.NotEmpty(info.StackEntries);
        Assert.Contains(info.StackEntries, e => e.Contains(nameof(AddDebugInfo_FromException_HasTypeMessageAndStack)));
    }

    [Fact]
    public void AddDebugInfo_ExceptionNeverThrown_HasNoStack()
    {
        var info = Only<DebugInfo>(RichStatus.Create(StatusCode.Internal, "m").AddDebugInfo(new ArgumentException("x")).Build());

        Assert.Empty(info.StackEntries);
        Assert.StartsWith("System.ArgumentException: x", info.Detail);
    }

    [Fact]
    public void AddQuotaFailure_Violations_AreSet()
    {
        var failure = Only<QuotaFailure>(RichStatus.Create(StatusCode.ResourceExhausted, "m")
            .AddQuotaFailure(("clientip:1.2.3.4", "rate"), ("project:p", "daily")).Build());

        Assert.Equal([("clientip:1.2.3.4", "rate"), ("project:p", "daily")], failure.Violations.Select(v => (v.Subject, v.Description)).ToArray());
    }

    [Fact]
    public void AddPreconditionFailure_Violations_AreSet()
    {
        var failure = Only<PreconditionFailure>(RichStatus.Create(StatusCode.FailedPrecondition, "m")
            .AddPreconditionFailure(("TOS", "google.com/cloud", "Terms of service not accepted")).Build());

        var violation = Assert.Single(failure.Violations);
        Assert.Equal("TOS", violation.Type);
        Assert.Equal("google.com/cloud", violation.Subject);
        Assert.Equal("Terms of service not accepted", violation.Description);
    }

    [Fact]
    public void AddResourceInfo_AllFields_AreSet()
    {
        var info = Only<ResourceInfo>(RichStatus.Create(StatusCode.NotFound, "m").AddResourceInfo("sql table", "users", "user:me", "gone").Build());

        Assert.Equal("sql table", info.ResourceType);
        Assert.Equal("users", info.ResourceName);
        Assert.Equal("user:me", info.Owner);
        Assert.Equal("gone", info.Description);
    }

    [Fact]
    public void AddResourceInfo_OptionalFieldsOmitted_AreEmpty()
    {
        var info = Only<ResourceInfo>(RichStatus.Create(StatusCode.NotFound, "m").AddResourceInfo("t", "n").Build());

        Assert.Equal(string.Empty, info.Owner);
        Assert.Equal(string.Empty, info.Description);
    }

    [Fact]
    public void AddRequestInfo_IdAndServingData_AreSet()
    {
        var info = Only<RequestInfo>(RichStatus.Create(StatusCode.Internal, "m").AddRequestInfo("r-1", "stack").Build());

        Assert.Equal("r-1", info.RequestId);
        Assert.Equal("stack", info.ServingData);
    }

    [Fact]
    public void AddHelp_Links_AreSet()
    {
        var help = Only<Help>(RichStatus.Create(StatusCode.FailedPrecondition, "m")
            .AddHelp(("Enable the API", "https://console.example.com/apis"), ("Docs", "https://docs.example.com")).Build());

        Assert.Equal(
            [("Enable the API", "https://console.example.com/apis"), ("Docs", "https://docs.example.com")],
            help.Links.Select(l => (l.Description, l.Url)).ToArray());
    }

    [Fact]
    public void AddLocalizedMessage_LocaleAndMessage_AreSet()
    {
        var message = Only<LocalizedMessage>(RichStatus.Create(StatusCode.InvalidArgument, "m").AddLocalizedMessage("de-CH", "Ungültige Eingabe").Build());

        Assert.Equal("de-CH", message.Locale);
        Assert.Equal("Ungültige Eingabe", message.Message);
    }

    [Fact]
    public void AddDetail_UserMessage_IsPackedAsAny()
    {
        var status = RichStatus.Create(StatusCode.Aborted, "m").AddDetail(RichErrorSamples.UserStruct()).Build();

        Assert.Equal(RichErrorSamples.UserStruct(), Only<Struct>(status));
        Assert.Equal("type.googleapis.com/google.protobuf.Struct", status.Details[0].TypeUrl);
    }

    [Fact]
    public void AddDetail_Any_IsKeptAsIsNotDoublePacked()
    {
        var unknown = RichErrorSamples.UnknownDetail();

        var status = RichStatus.Create(StatusCode.Aborted, "m").AddDetail(unknown).Build();

        Assert.Same(unknown, Assert.Single(status.Details));
    }

    [Fact]
    public void AddDetail_Null_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => RichStatus.Create(StatusCode.Aborted, "m").AddDetail(null!));
    }

    [Fact]
    public void Build_AllTenStandardTypes_InOrderOfAdding()
    {
        var status = RichErrorSamples.Everything();

        Assert.Equal(
            [
                "google.rpc.ErrorInfo", "google.rpc.BadRequest", "google.rpc.RetryInfo", "google.rpc.DebugInfo",
                "google.rpc.QuotaFailure", "google.rpc.PreconditionFailure", "google.rpc.ResourceInfo",
                "google.rpc.RequestInfo", "google.rpc.Help", "google.rpc.LocalizedMessage",
                "google.protobuf.Struct", "acme.billing.v1.InvoiceHold",
            ],
            status.Details.Select(d => Any.GetTypeName(d.TypeUrl)).ToArray());
    }

    [Fact]
    public void Build_TwiceFromOneBuilder_GivesIndependentStatuses()
    {
        var builder = RichStatus.Create(StatusCode.Internal, "m").AddRequestInfo("1");
        var first = builder.Build();

        builder.AddRequestInfo("2");
        var second = builder.Build();

        Assert.Single(first.Details);
        Assert.Equal(2, second.Details.Count);
    }

    [Fact]
    public void ToException_NotFound_IsNotFoundExceptionWithDetails()
    {
        var ex = RichStatus.Create(StatusCode.NotFound, "gone").AddResourceInfo("book", "b1").ToException();

        var notFound = Assert.IsType<NotFoundException>(ex);
        Assert.Equal("gone", notFound.Status.Message);
        Assert.Equal("b1", notFound.GetDetail<ResourceInfo>()!.ResourceName);
    }

    [Fact]
    public void ToException_Ok_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => RichStatus.Create(StatusCode.OK, "fine").ToException());
    }
}

public class RichStatusReaderTests
{
    [Fact]
    public void GetDetail_SeveralOfType_ReturnsFirst()
    {
        var status = RichStatus.Create(StatusCode.Internal, "m")
            .AddHelp(("h", "u"))
            .AddRequestInfo("first")
            .AddRequestInfo("second")
            .Build();

        Assert.Equal("first", status.GetDetail<RequestInfo>()!.RequestId);
    }

    [Fact]
    public void GetDetail_Absent_ReturnsNull()
    {
        var status = RichStatus.Create(StatusCode.Internal, "m").AddRequestInfo("r").Build();

        Assert.Null(status.GetDetail<BadRequest>());
    }

    [Fact]
    public void GetDetails_SeveralOfType_ReturnsAllInOrder()
    {
        var status = RichStatus.Create(StatusCode.InvalidArgument, "m")
            .AddBadRequest(("a", "1"))
            .AddHelp(("h", "u"))
            .AddBadRequest(("b", "2"))
            .Build();

        Assert.Equal(["a", "b"], status.GetDetails<BadRequest>().Select(b => b.FieldViolations[0].Field).ToArray());
    }

    [Fact]
    public void GetDetails_Absent_ReturnsEmpty()
    {
        Assert.Empty(new RichStatus(StatusCode.Internal, "m").GetDetails<BadRequest>());
    }

    [Fact]
    public void TryGetDetail_Present_ReturnsTrueAndDetail()
    {
        var status = RichStatus.Create(StatusCode.Unavailable, "m").AddRetryInfo(TimeSpan.FromSeconds(3)).Build();

        Assert.True(status.TryGetDetail<RetryInfo>(out var info));
        Assert.Equal(TimeSpan.FromSeconds(3), info.RetryDelay.ToTimeSpan());
    }

    [Fact]
    public void TryGetDetail_Absent_ReturnsFalseAndNull()
    {
        var status = RichStatus.Create(StatusCode.Unavailable, "m").AddRetryInfo(TimeSpan.FromSeconds(3)).Build();

        Assert.False(status.TryGetDetail<QuotaFailure>(out var failure));
        Assert.Null(failure);
    }

    [Fact]
    public void Readers_EveryStandardType_FindTheirDetailAfterRoundTrip()
    {
        var status = RichStatus.FromTrailerBytes(RichErrorSamples.Everything().ToTrailerBytes());

        Assert.Equal("API_DISABLED", status.GetDetail<ErrorInfo>()!.Type);
        Assert.Equal(2, status.GetDetail<BadRequest>()!.FieldViolations.Count);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), status.GetDetail<RetryInfo>()!.RetryDelay.ToTimeSpan());
        Assert.Equal("NullReferenceException at line 3", status.GetDetail<DebugInfo>()!.Detail);
        Assert.Equal("project:123", status.GetDetail<QuotaFailure>()!.Violations[0].Subject);
        Assert.Equal("TOS", status.GetDetail<PreconditionFailure>()!.Violations[0].Type);
        Assert.Equal("shelves/1/books/2", status.GetDetail<ResourceInfo>()!.ResourceName);
        Assert.Equal("req-0001", status.GetDetail<RequestInfo>()!.RequestId);
        Assert.Equal(2, status.GetDetail<Help>()!.Links.Count);
        Assert.Equal("fr-FR", status.GetDetail<LocalizedMessage>()!.Locale);
        Assert.Equal(RichErrorSamples.UserStruct(), status.GetDetail<Struct>());
    }

    [Fact]
    public void Readers_UnknownDetail_IsKeptButNotReturnedAsAnotherType()
    {
        var status = new RichStatus(StatusCode.Internal, "m", [RichErrorSamples.UnknownDetail()]);

        Assert.Null(status.GetDetail<ErrorInfo>());
        Assert.Null(status.GetDetail<Struct>());
        Assert.Empty(status.GetDetails<BadRequest>());
        var kept = Assert.Single(status.Details);
        Assert.Equal(RichErrorSamples.UnknownTypeUrl, kept.TypeUrl);
    }

    [Fact]
    public void Readers_DetailAsAny_CanBeReadAsAny()
    {
        // Asking for Any itself must not confuse an Any detail with "a detail of type Any".
        var status = new RichStatus(StatusCode.Internal, "m", [Any.Pack(new RequestInfo { RequestId = "r" })]);

        Assert.Null(status.GetDetail<Any>());
        Assert.Equal("r", status.GetDetail<RequestInfo>()!.RequestId);
    }

    [Fact]
    public void Readers_TypeUrlWithOtherPrefix_StillMatchesByTypeName()
    {
        // Only the part after the last '/' names the type (Any's contract).
        var packed = Any.Pack(new RequestInfo { RequestId = "r" }, "example.com/types");
        var status = new RichStatus(StatusCode.Internal, "m", [packed]);

        Assert.Equal("r", status.GetDetail<RequestInfo>()!.RequestId);
    }

    [Fact]
    public void Readers_MalformedKnownType_DoNotThrowAndSkipIt()
    {
        var status = new RichStatus(StatusCode.Internal, "m",
        [
            RichErrorSamples.Malformed(BadRequest.Descriptor),
            Any.Pack(new BadRequest { FieldViolations = { new BadRequest.Types.FieldViolation { Field = "ok" } } }),
            RichErrorSamples.Malformed(ErrorInfo.Descriptor),
        ]);

        Assert.Equal("ok", status.GetDetail<BadRequest>()!.FieldViolations[0].Field);
        Assert.Equal("ok", Assert.Single(status.GetDetails<BadRequest>()).FieldViolations[0].Field);
        Assert.Null(status.GetDetail<ErrorInfo>());
        Assert.False(status.TryGetDetail<ErrorInfo>(out _));
        Assert.Equal(3, status.Details.Count);
    }

    [Fact]
    public void Readers_MalformedKnownType_SurvivesTrailerRoundTrip()
    {
        var malformed = RichErrorSamples.Malformed(RetryInfo.Descriptor);
        var status = new RichStatus(StatusCode.Unavailable, "m", [malformed]);

        var back = RichStatus.FromTrailerBytes(status.ToTrailerBytes());

        Assert.Equal(malformed, Assert.Single(back.Details));
        Assert.Null(back.GetDetail<RetryInfo>());
    }

    [Fact]
    public void Readers_UnknownDetail_SurvivesProtoAndTrailerRoundTrips()
    {
        var status = new RichStatus(StatusCode.Internal, "m", [RichErrorSamples.UnknownDetail(), Any.Pack(new RequestInfo { RequestId = "r" })]);

        var back = RichStatus.FromProto(Google.Rpc.Status.Parser.ParseFrom(RichStatus.FromTrailerBytes(status.ToTrailerBytes()).ToProto().ToByteArray()));

        Assert.Equal(RichErrorSamples.UnknownDetail(), back.Details[0]);
        Assert.Equal("r", back.GetDetail<RequestInfo>()!.RequestId);
    }
}
