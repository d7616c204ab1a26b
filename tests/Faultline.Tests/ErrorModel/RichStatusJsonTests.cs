using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;

namespace Faultline.Tests.ErrorModel;

public class RichStatusJsonTests
{
    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    private static JsonElement FormatAndParse(RichStatus status, params MessageDescriptor[] extraTypes) =>
        Parse(RichStatusJson.Format(status, extraTypes));

    private static JsonElement DetailOfType(JsonElement root, string typeName) =>
        root.GetProperty("details").EnumerateArray().Single(d => d.GetProperty("@type").GetString()!.EndsWith("/" + typeName, StringComparison.Ordinal));

    [Fact]
    public void Format_NoDetails_IsValidJsonWithCodeMessageAndEmptyDetails()
    {
        var root = FormatAndParse(new RichStatus(StatusCode.NotFound, "gone"));

        Assert.Equal(JsonValueKind.Object, root.ValueKind);
        Assert.Equal(5, root.GetProperty("code").GetInt32());
        Assert.Equal("gone", root.GetProperty("message").GetString());
        Assert.Equal(0, root.GetProperty("details").GetArrayLength());
    }

    [Fact]
    public void Format_Everything_IsValidJsonWithOneEntryPerDetail()
    {
        var status = RichErrorSamples.Everything();

        var root = FormatAndParse(status);

        Assert.Equal((int)StatusCode.InvalidArgument, root.GetProperty("code").GetInt32());
        Assert.Equal(status.Message, root.GetProperty("message").GetString());
        Assert.Equal(
            status.Details.Select(d => d.TypeUrl).ToArray(),
            root.GetProperty("details").EnumerateArray().Select(d => d.GetProperty("@type").GetString()).ToArray());
    }

    [Theory]
    [InlineData("quotes \" and \\ backslashes")]
    [InlineData("new\nline\ttab\u0001control")]
    [InlineData("unicode ✓ 日本 😀")]
    [InlineData("")]
    [InlineData("</script><!-- & '")]
    public void Format_AwkwardMessage_RoundTripsThroughJson(string message)
    {
        var root = FormatAndParse(RichStatus.Create(StatusCode.Internal, message).AddLocalizedMessage("en", message).Build());

        Assert.Equal(message, root.GetProperty("message").GetString());
        // Proto JSON leaves out fields with default values, so an empty message has no property in the detail.
        var detail = DetailOfType(root, "google.rpc.LocalizedMessage");
        Assert.Equal(message, detail.TryGetProperty("message", out var text) ? text.GetString() : string.Empty);
    }

    [Fact]
    public void Format_ErrorInfo_UsesReasonNotType()
    {
        var status = RichStatus.Create(StatusCode.PermissionDenied, "m")
            .AddErrorInfo("API_DISABLED", "googleapis.com", [new("service", "pubsub.googleapis.com"), new("quote\"key", "v\\al")])
            .Build();

        var info = DetailOfType(FormatAndParse(status), "google.rpc.ErrorInfo");

        Assert.Equal("type.googleapis.com/google.rpc.ErrorInfo", info.GetProperty("@type").GetString());
        Assert.Equal("API_DISABLED", info.GetProperty("reason").GetString());
        Assert.False(info.TryGetProperty("type", out _));
        Assert.Equal("googleapis.com", info.GetProperty("domain").GetString());
        Assert.Equal("pubsub.googleapis.com", info.GetProperty("metadata").GetProperty("service").GetString());
        Assert.Equal("v\\al", info.GetProperty("metadata").GetProperty("quote\"key").GetString());
    }

    [Fact]
    public void Format_ErrorInfoWithoutMetadata_IsValidJsonWithReasonAndDomain()
    {
        var info = DetailOfType(FormatAndParse(RichStatus.Create(StatusCode.Internal, "m").AddErrorInfo("R", "D").Build()), "google.rpc.ErrorInfo");

        Assert.Equal("R", info.GetProperty("reason").GetString());
        Assert.Equal("D", info.GetProperty("domain").GetString());

        // Proto JSON leaves out an empty map, as it leaves out every field with its default value.
        Assert.False(info.TryGetProperty("metadata", out var metadata) && metadata.EnumerateObject().Any());
    }

    [Fact]
    public void Format_EveryStandardDetail_UsesTheProtoJsonMapping()
    {
        var root = FormatAndParse(RichErrorSamples.Everything());

        var badRequest = DetailOfType(root, "google.rpc.BadRequest").GetProperty("fieldViolations").EnumerateArray().ToList();
        Assert.Equal("name", badRequest[0].GetProperty("field").GetString());
        Assert.Equal("must not be empty", badRequest[0].GetProperty("description").GetString());
        Assert.Equal("age", badRequest[1].GetProperty("field").GetString());

        Assert.Equal("1.500s", DetailOfType(root, "google.rpc.RetryInfo").GetProperty("retryDelay").GetString());

        var debug = DetailOfType(root, "google.rpc.DebugInfo");
        Assert.Equal(["frame one", "frame two"], debug.GetProperty("stackEntries").EnumerateArray().Select(e => e.GetString()!).ToArray());
        Assert.Equal("NullReferenceException at line 3", debug.GetProperty("detail").GetString());

        var quota = DetailOfType(root, "google.rpc.QuotaFailure").GetProperty("violations")[0];
        Assert.Equal("project:123", quota.GetProperty("subject").GetString());
        Assert.Equal("daily limit exceeded", quota.GetProperty("description").GetString());

        var precondition = DetailOfType(root, "google.rpc.PreconditionFailure").GetProperty("violations")[0];
        Assert.Equal("TOS", precondition.GetProperty("type").GetString());
        Assert.Equal("user:42", precondition.GetProperty("subject").GetString());

        var resource = DetailOfType(root, "google.rpc.ResourceInfo");
        Assert.Equal("book", resource.GetProperty("resourceType").GetString());
        Assert.Equal("shelves/1/books/2", resource.GetProperty("resourceName").GetString());
        Assert.Equal("user:7", resource.GetProperty("owner").GetString());
        Assert.Equal("the book", resource.GetProperty("description").GetString());

        var request = DetailOfType(root, "google.rpc.RequestInfo");
        Assert.Equal("req-0001", request.GetProperty("requestId").GetString());
        Assert.Equal("shard 9", request.GetProperty("servingData").GetString());

        var links = DetailOfType(root, "google.rpc.Help").GetProperty("links");
        Assert.Equal(2, links.GetArrayLength());
        Assert.Equal("https://example.com/help", links[0].GetProperty("url").GetString());
        Assert.Equal("docs", links[0].GetProperty("description").GetString());

        var localized = DetailOfType(root, "google.rpc.LocalizedMessage");
        Assert.Equal("fr-FR", localized.GetProperty("locale").GetString());
        Assert.Equal("Quelque chose s'est mal passé", localized.GetProperty("message").GetString());
    }

    [Fact]
    public void Format_StandardDetailsWithoutErrorInfo_MatchesProtobufsOwnJsonOfGoogleRpcStatus()
    {
        var status = RichStatus.Create(StatusCode.FailedPrecondition, "m ✓")
            .AddBadRequest(("a", "b"))
            .AddRetryInfo(TimeSpan.FromSeconds(2))
            .AddDebugInfo(["s"], "d")
            .AddQuotaFailure(("s", "d"))
            .AddPreconditionFailure(("t", "s", "d"))
            .AddResourceInfo("t", "n", "o", "d")
            .AddRequestInfo("r", "sd")
            .AddHelp(("d", "u"))
            .AddLocalizedMessage("l", "m")
            .Build();
        var registry = TypeRegistry.FromFiles(ErrorDetailsReflection.Descriptor, StatusReflection.Descriptor);

        var ours = RichStatusJson.Format(status);
        var protobufs = new JsonFormatter(JsonFormatter.Settings.Default.WithTypeRegistry(registry)).Format(status.ToProto());

        Assert.True(JsonElement.DeepEquals(Parse(protobufs), Parse(ours)), $"ours: {ours}\nprotobuf: {protobufs}");

        // And protobuf's parser reads it back to the same google.rpc.Status.
        var parsed = new JsonParser(JsonParser.Settings.Default.WithTypeRegistry(registry)).Parse<Google.Rpc.Status>(ours);
        Assert.Equal(status.ToProto(), parsed);
    }

    [Fact]
    public void Format_UnknownType_RenderedWithTypeUrlAndBase64()
    {
        var root = FormatAndParse(new RichStatus(StatusCode.Internal, "m", [RichErrorSamples.UnknownDetail()]));

        var detail = Assert.Single(root.GetProperty("details").EnumerateArray());
        Assert.Equal(RichErrorSamples.UnknownTypeUrl, detail.GetProperty("@type").GetString());
        Assert.Equal(RichErrorSamples.UnknownBytes, Convert.FromBase64String(detail.GetProperty("value").GetString()!));
    }

    [Fact]
    public void Format_UnknownTypeAfterTrailerRoundTrip_StillRendered()
    {
        var status = RichStatus.FromTrailerBytes(RichErrorSamples.Everything().ToTrailerBytes());

        var detail = DetailOfType(FormatAndParse(status), "acme.billing.v1.InvoiceHold");

        Assert.Equal(RichErrorSamples.UnknownBytes, detail.GetProperty("value").GetBytesFromBase64());
    }

    [Fact]
    public void Format_TypeUrlWithoutSlash_RenderedAsUnknown()
    {
        var odd = new Any { TypeUrl = "no-slash-here", Value = ByteString.CopyFrom(1, 2, 3) };

        var detail = Assert.Single(FormatAndParse(new RichStatus(StatusCode.Internal, "m", [odd])).GetProperty("details").EnumerateArray());

        Assert.Equal("no-slash-here", detail.GetProperty("@type").GetString());
        Assert.Equal(new byte[] { 1, 2, 3 }, detail.GetProperty("value").GetBytesFromBase64());
    }

    [Fact]
    public void Format_UserTypeWithoutDescriptor_RenderedAsUnknown()
    {
        var money = new Google.Type.Money { CurrencyCode = "EUR", Units = 12, Nanos = 500_000_000 };

        var detail = DetailOfType(FormatAndParse(RichStatus.Create(StatusCode.FailedPrecondition, "m").AddDetail(money).Build()), "google.type.Money");

        Assert.Equal(money.ToByteArray(), detail.GetProperty("value").GetBytesFromBase64());
    }

    [Fact]
    public void Format_UserTypeWithExtraDescriptor_RenderedAsJsonFields()
    {
        var money = new Google.Type.Money { CurrencyCode = "EUR", Units = 12, Nanos = 500_000_000 };
        var status = RichStatus.Create(StatusCode.FailedPrecondition, "m").AddErrorInfo("R", "D").AddDetail(money).Build();

        var root = FormatAndParse(status, Google.Type.Money.Descriptor);

        var detail = DetailOfType(root, "google.type.Money");
        Assert.Equal("EUR", detail.GetProperty("currencyCode").GetString());
        Assert.Equal("12", detail.GetProperty("units").GetString()); // int64 is a string in proto JSON
        Assert.Equal(500_000_000, detail.GetProperty("nanos").GetInt32());
        Assert.Equal("R", DetailOfType(root, "google.rpc.ErrorInfo").GetProperty("reason").GetString());
    }

    [Fact]
    public void Format_StructWithExtraDescriptor_RenderedAsJsonValue()
    {
        var status = RichStatus.Create(StatusCode.Aborted, "m").AddDetail(RichErrorSamples.UserStruct()).AddRequestInfo("r").Build();

        var root = FormatAndParse(status, Struct.Descriptor);

        var value = DetailOfType(root, "google.protobuf.Struct").GetProperty("value");
        Assert.Equal("acme", value.GetProperty("tenant").GetString());
        Assert.Equal(3, value.GetProperty("attempts").GetDouble());
        Assert.Equal(JsonValueKind.True, value.GetProperty("flags")[0].ValueKind);
        Assert.Equal(JsonValueKind.Null, value.GetProperty("flags")[1].ValueKind);
        Assert.Equal("r", DetailOfType(root, "google.rpc.RequestInfo").GetProperty("requestId").GetString());
    }

    [Fact]
    public void Format_SeveralExtraDescriptorsFromOneFile_Work()
    {
        var status = RichStatus.Create(StatusCode.Aborted, "m")
            .AddDetail(new Google.Type.LatLng { Latitude = 1.5, Longitude = -2 })
            .AddDetail(new Google.Type.Money { CurrencyCode = "USD" })
            .Build();

        var root = FormatAndParse(status, Google.Type.LatLng.Descriptor, Google.Type.Money.Descriptor, Google.Type.Money.Descriptor);

        Assert.Equal(1.5, DetailOfType(root, "google.type.LatLng").GetProperty("latitude").GetDouble());
        Assert.Equal("USD", DetailOfType(root, "google.type.Money").GetProperty("currencyCode").GetString());
    }

    [Theory]
    [InlineData("google.rpc.BadRequest")]
    [InlineData("google.rpc.RetryInfo")]
    [InlineData("google.rpc.Help")]
    public void Format_MalformedKnownType_DoesNotThrowAndKeepsBytes(string typeName)
    {
        var descriptor = ErrorDetailsReflection.Descriptor.MessageTypes.Single(m => m.FullName == typeName);
        var malformed = RichErrorSamples.Malformed(descriptor);

        var detail = Assert.Single(FormatAndParse(new RichStatus(StatusCode.Internal, "m", [malformed])).GetProperty("details").EnumerateArray());

        Assert.Equal(malformed.TypeUrl, detail.GetProperty("@type").GetString());
        Assert.Equal(malformed.Value.ToByteArray(), detail.GetProperty("value").GetBytesFromBase64());
    }

    [Fact]
    public void Format_MalformedErrorInfo_DoesNotThrowAndKeepsBytes()
    {
        // Malformed bytes of a known type, next to a valid detail, must not crash the formatter either.
        var malformed = RichErrorSamples.Malformed(ErrorInfo.Descriptor);
        var status = new RichStatus(StatusCode.Internal, "m", [malformed, Any.Pack(new RequestInfo { RequestId = "r" })]);

        var root = FormatAndParse(status);

        var details = root.GetProperty("details").EnumerateArray().ToList();
        Assert.Equal(2, details.Count);
        Assert.Equal(malformed.TypeUrl, details[0].GetProperty("@type").GetString());
        Assert.Equal(malformed.Value.ToByteArray(), details[0].GetProperty("value").GetBytesFromBase64());
        Assert.Equal("r", details[1].GetProperty("requestId").GetString());
    }

    [Fact]
    public void Format_UndefinedCode_IsItsNumber()
    {
        Assert.Equal(42, FormatAndParse(new RichStatus((StatusCode)42, "m")).GetProperty("code").GetInt32());
    }

    [Fact]
    public void Format_Null_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => RichStatusJson.Format(null!));
    }
}
