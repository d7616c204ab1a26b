using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;

namespace Faultline.Tests.Infrastructure;

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

    public static void AssertSame(RichStatus expected, RichStatus? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Code, actual.Code);
        Assert.Equal(expected.Message, actual.Message);
        Assert.Equal(expected.Details, actual.Details);
    }
}
