using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;

namespace Faultline.RichInteropTests.Catalog;

/// <summary>
/// The C# catalog of rich statuses. python/rich_cases.py builds the same statuses independently; the
/// tests check that both serialize to the same bytes, so a difference on the wire is Faultline's (or
/// the peer's), not the catalogs'.
/// </summary>
/// <remarks>
/// Protobuf does not define the order in which map entries (ErrorInfo.metadata, Struct.fields) are
/// serialized: C# writes them in insertion order, Python's <c>deterministic=True</c> and Go's
/// deterministic marshalling sort them by key. Every map here is therefore filled in key order.
/// </remarks>
public static class RichCases
{
    /// <summary>The name the tests put in requests (the quota subject is "name: &lt;name&gt;").</summary>
    public const string Name = "Ada";

    /// <summary>
    /// The longest LocalizedMessage text for which "Near the limit." still fits the Faultline server's
    /// default 8 KiB status budget as FaultlineServerOptions.MaxStatusTrailerSize documents it (name +
    /// value + 32 per field, -bin values as padded base64, 512 bytes kept for the other headers): the
    /// google.rpc.Status is 81 + n bytes, so n = 5559 gives 5640 bytes, 7520 in base64, and a block of
    /// 512 + (11 + 1 + 32) + (12 + 15 + 32) + (23 + 7520 + 32) = 8190 bytes. One more character makes
    /// the base64 7524 and the block 8194, over 8192: the server must drop the detail.
    /// </summary>
    public const int NearLimitLength = 5559;

    /// <summary>The type URL of a detail no peer has a message type for.</summary>
    public const string OpaqueTypeUrl = "type.example.com/acme.v1.Opaque";

    /// <summary>The bytes of that detail: not a protobuf message at all, which an Any does not care about.</summary>
    public static readonly byte[] OpaqueValue = [0x08, 0x96, 0x01, 0xff, 0x00, 0x7f, 0x80];

    /// <summary>A message of 300 × 30 = 9000 percent-encoded characters (BMP only, so UTF-16 units are code points).</summary>
    public static readonly string LongMessage = string.Concat(Enumerable.Repeat("Überlänge ✓ ", 300));

    /// <summary>The ten standard error detail types of google/rpc/error_details.proto, by full name.</summary>
    public static readonly string[] StandardDetailTypes =
    [
        ErrorInfo.Descriptor.FullName, RetryInfo.Descriptor.FullName, DebugInfo.Descriptor.FullName,
        QuotaFailure.Descriptor.FullName, PreconditionFailure.Descriptor.FullName, BadRequest.Descriptor.FullName,
        RequestInfo.Descriptor.FullName, ResourceInfo.Descriptor.FullName, Help.Descriptor.FullName,
        LocalizedMessage.Descriptor.FullName,
    ];

    /// <summary>One case per standard detail type, in the order of <see cref="StandardDetailTypes"/>.</summary>
    public static readonly string[] SingleDetail =
    [
        "error_info", "retry_info", "debug_info", "quota_failure", "precondition_failure", "bad_request",
        "request_info", "resource_info", "help", "localized_message",
    ];

    /// <summary>Cases the Faultline server and the Python server both produce, with the same bytes.</summary>
    public static readonly string[] Common =
    [
        .. SingleDetail,
        "many_details",
        "unknown_details",
        "non_ascii",
        "whitespace_message",
        "empty_message",
        "no_details",
        "near_limit",
    ];

    /// <summary>
    /// Cases only the Faultline server produces: its policies change what goes on the wire (DebugInfo
    /// only with detailed errors; a status above MaxStatusTrailerSize is made to fit; the details trailer
    /// comes from the call's own status only).
    /// </summary>
    public static readonly string[] FaultlineServerOnly = ["debug_info_stripped", "oversized", "over_limit", "long_message", "relayed_trailers"];

    /// <summary>
    /// Broken trailers only the Python server sends (by hand, not through to_status): a details status
    /// whose code or message disagree with grpc-status/grpc-message, one whose code is missing, bytes
    /// that are not a google.rpc.Status, and another message type in the trailer.
    /// </summary>
    public static readonly string[] Broken = ["mismatch_code", "mismatch_message", "details_code_ok", "malformed", "garbage", "wrong_type"];

    /// <summary>The catalog cases served by the Faultline server.</summary>
    public static IEnumerable<string> FaultlineServerCases => Common.Concat(FaultlineServerOnly);

    /// <summary>The gRPC service a case is called on: DebugInfo leaves a Faultline server only with detailed errors.</summary>
    public static string Service(string @case) => @case is "debug_info" or "many_details"
        ? RichErrorsDetailed.Descriptor.FullName
        : RichErrors.Descriptor.FullName;

    /// <summary>The status a service fails with for <paramref name="case"/>.</summary>
    public static RichStatus Sent(string @case, string name = Name) => @case switch
    {
        "error_info" => RichStatus.Create(StatusCode.PermissionDenied, "The Greeter API is disabled for this project.")
            .AddErrorInfo("API_DISABLED", "greeter.faultline.example", [
                new("consumer", "projects/123"),
                new("quota_limit", "GreetingsPerDay"),
                new("service", "greeter.faultline.example"),
            ])
            .Build(),

        "retry_info" => RichStatus.Create(StatusCode.Aborted, "Concurrent update; try again.")
            .AddRetryInfo(TimeSpan.FromMilliseconds(1500))
            .Build(),

        "debug_info" => RichStatus.Create(StatusCode.Unknown, "The handler failed; debug details attached.")
            .AddDebugInfo(["at Greeter.SayHello(HelloRequest request)", "File \"rich_server.py\", line 1, in handler"], "NullReferenceException: name was null")
            .Build(),

        // The LimitedGreeter example.
        "quota_failure" => RichStatus.Create(StatusCode.ResourceExhausted, "Request limit exceeded.")
            .AddQuotaFailure(($"name: {name}", "Limit one greeting per person"))
            .Build(),

        "precondition_failure" => RichStatus.Create(StatusCode.FailedPrecondition, "The account is not ready.")
            .AddPreconditionFailure(("TOS", "greeter.faultline.example", "Terms of service not accepted"), ("AGE", "accounts/42", "Age not verified"))
            .Build(),

        "bad_request" => RichStatus.Create(StatusCode.InvalidArgument, "The greeting request is invalid.")
            .AddBadRequest(
                ("name", "must not be empty"),
                ("count", "must be between 0 and 10"),
                ("address.postal_code", "must have 5 digits"))
            .Build(),

        "request_info" => RichStatus.Create(StatusCode.Internal, "Something went wrong; quote the request id.")
            .AddRequestInfo("req-7f3a9c21", "shard=3;replica=b")
            .Build(),

        "resource_info" => RichStatus.Create(StatusCode.NotFound, "Account not found.")
            .AddResourceInfo("greeter.faultline.example/Account", "accounts/42", "user:ada@example.com", "The account does not exist.")
            .Build(),

        "help" => RichStatus.Create(StatusCode.Unauthenticated, "Sign in first.")
            .AddHelp(("Signing in", "https://greeter.faultline.example/sign-in"), ("API keys", "https://greeter.faultline.example/keys"))
            .Build(),

        "localized_message" => RichStatus.Create(StatusCode.AlreadyExists, "Greeting already exists.")
            .AddLocalizedMessage("fr-FR", "Ce message existe déjà.")
            .Build(),

        // All ten standard types at once (served with detailed errors, so the DebugInfo leaves too).
        "many_details" => RichStatus.Create(StatusCode.FailedPrecondition, "Several things went wrong.")
            .AddLocalizedMessage("en-US", "Your account needs attention before you can greet.")
            .AddHelp(("Terms of service", "https://greeter.faultline.example/tos"), ("Quota documentation", "https://greeter.faultline.example/quota"))
            .AddRetryInfo(TimeSpan.FromMilliseconds(1500))
            .AddResourceInfo("greeter.faultline.example/Account", "accounts/42", "user:ada@example.com", "The account needs the writer role.")
            .AddPreconditionFailure(("TOS", "greeter.faultline.example", "Terms of service not accepted"))
            .AddRequestInfo("req-7f3a9c21", "shard=3;replica=b")
            .AddErrorInfo("TOS_NOT_ACCEPTED", "greeter.faultline.example")
            .AddQuotaFailure(("project:123", "Daily greetings exceeded"))
            .AddBadRequest(("accept_tos", "must be true"))
            .AddDebugInfo(["at Greeter.Check()"], "precondition check")
            .Build(),

        // An application message type, a well-known type and an Any no peer can unpack.
        "unknown_details" => RichStatus.Create(StatusCode.DataLoss, "Details of unknown types attached.")
            .AddDetail(new CustomDetail
            {
                Tenant = "acme",
                RetryBudget = 3,
                Tags = { "alpha", "beta" },
                Blob = ByteString.CopyFrom(0x00, 0x01, 0xfe, 0xff),
                Nested = new CustomDetail.Types.Nested { Ratio = 0.25, Flag = true },
            })
            .AddDetail(new Struct
            {
                Fields =
                {
                    // In key order (see the remarks above).
                    ["attempt"] = Value.ForNumber(2),
                    ["nested"] = Value.ForStruct(new Struct { Fields = { ["a"] = Value.ForNull(), ["b"] = Value.ForString("c") } }),
                    ["reason"] = Value.ForString("conflict"),
                    ["retryable"] = Value.ForBool(true),
                    ["tags"] = Value.ForList(Value.ForString("x"), Value.ForString("y")),
                },
            })
            .AddDetail(new Any { TypeUrl = OpaqueTypeUrl, Value = ByteString.CopyFrom(OpaqueValue) })
            .Build(),

        // Non-ASCII (2-, 3- and 4-byte UTF-8) and '%' in the status message and in details.
        "non_ascii" => RichStatus.Create(StatusCode.NotFound, "Grüße an 世界 nicht gefunden — 100% ✓ 🚀")
            .AddLocalizedMessage("de-DE", "„Welt“ wurde nicht gefunden ✓")
            .AddResourceInfo("Gruß", "名前/🚀", "Zoë", "ünïcödé ½")
            .Build(),

        // grpc-message keeps spaces unencoded (gRPC's Percent-Byte-Unencoded is 0x20-0x7E except '%'),
        // so leading and trailing spaces are on the wire as they are; tab and newline are percent-encoded.
        "whitespace_message" => RichStatus.Create(StatusCode.Unavailable, "  spaces at both ends, a tab\tand a newline\nin the middle  ")
            .AddRetryInfo(TimeSpan.FromMilliseconds(250))
            .Build(),

        // No grpc-message at all; the details status has an empty message too.
        "empty_message" => RichStatus.Create(StatusCode.Internal, string.Empty)
            .AddErrorInfo("EMPTY_MESSAGE", "faultline.example")
            .Build(),

        // No details: the trailer carries code and message only (as grpcio-status's to_status sends it).
        "no_details" => RichStatus.Create(StatusCode.OutOfRange, "No details at all.").Build(),

        // Just inside the Faultline server's status budget: sent untouched (and grpcio must accept it).
        "near_limit" => RichStatus.Create(StatusCode.ResourceExhausted, "Near the limit.")
            .AddLocalizedMessage("en", new string('x', NearLimitLength))
            .Build(),

        "debug_info_stripped" => RichStatus.Create(StatusCode.DataLoss, "Debug info must not leave the server.")
            .AddDebugInfo(["at Faultline.Secret.Internals()", "at Faultline.Secret.Caller()"], "secret detail")
            .AddLocalizedMessage("en", "Something was lost.")
            .Build(),

        // About 20 KB of BadRequest: above the 8 KiB MaxStatusTrailerSize, so the largest detail is dropped.
        "oversized" => RichStatus.Create(StatusCode.ResourceExhausted, "Too much detail.")
            .AddBadRequest(Enumerable.Range(0, 300).Select(i => ($"items[{i}].name", $"violation number {i} of three hundred, padded to make it big")).ToArray())
            .AddLocalizedMessage("en", "Fewer details were sent.")
            .AddHelp(("Limits", "https://greeter.faultline.example/limits"))
            .Build(),

        // One character more than near_limit: the server drops the detail (the trailer keeps code and message).
        "over_limit" => RichStatus.Create(StatusCode.ResourceExhausted, "Near the limit.")
            .AddLocalizedMessage("en", new string('x', NearLimitLength + 1))
            .Build(),

        // 9000 characters percent-encoded: longer than a quarter of the budget, so the server truncates the
        // message (in grpc-message and in the details status alike) and keeps the detail.
        "long_message" => RichStatus.Create(StatusCode.InvalidArgument, LongMessage)
            .AddErrorInfo("MESSAGE_TOO_LONG", "faultline.example")
            .Build(),

        // Sent together with application trailers that carry another status's grpc-status-details-bin
        // (see RelayedTrailers). Faultline promises that grpc-status, grpc-message and
        // grpc-status-details-bin come from one RichStatus: this one, which has no details.
        "relayed_trailers" => RichStatus.Create(StatusCode.NotFound, "Greeting not found.").Build(),

        _ => throw new ArgumentException($"Unknown rich error case '{@case}'.", nameof(@case)),
    };

    /// <summary>
    /// The status that should arrive for <paramref name="case"/> from a Faultline server with default
    /// options: <see cref="Sent"/>, minus what the server's policies remove.
    /// </summary>
    public static RichStatus Wire(string @case, string name = Name) => @case switch
    {
        "debug_info_stripped" => Without<DebugInfo>(Sent(@case, name)),
        "oversized" => Without<BadRequest>(Sent(@case, name)),
        "over_limit" => Without<LocalizedMessage>(Sent(@case, name)),
        "long_message" => new RichStatus(StatusCode.InvalidArgument, TruncatedLongMessage, Sent(@case, name).Details),
        _ => Sent(@case, name),
    };

    /// <summary>The bytes of grpc-status-details-bin for the wire status of <paramref name="case"/>.</summary>
    public static byte[] WireBytes(string @case, string name = Name) => Wire(@case, name).ToTrailerBytes();

    /// <summary>
    /// <see cref="LongMessage"/> as MaxStatusTrailerSize documents the cut: the longest prefix whose
    /// percent-encoded form plus "..." fits a quarter of the 8 KiB budget (2048), then "...".
    /// </summary>
    public static string TruncatedLongMessage
    {
        get
        {
            var n = 0;
            while (n < LongMessage.Length && PercentEncodedLength(LongMessage[..(n + 1)]) + 3 <= 8 * 1024 / 4)
            {
                n++;
            }

            return LongMessage[..n] + "...";
        }
    }

    /// <summary>Length of grpc-message's percent-encoding: UTF-8, each byte outside 0x20-0x7E and '%' as %XX.</summary>
    public static int PercentEncodedLength(string text) =>
        System.Text.Encoding.UTF8.GetBytes(text).Sum(b => b is >= 0x20 and <= 0x7E and not (byte)'%' ? 1 : 3);

    /// <summary>
    /// For "relayed_trailers": the trailers of a downstream call that failed with the quota status, as
    /// the Faultline client hands them to an application (<c>GrpcException.Trailers</c> keeps
    /// grpc-status-details-bin), which a relaying service passes on with its own, different status.
    /// </summary>
    public static Metadata? RelayedTrailers(string @case) => @case == "relayed_trailers"
        ? new Metadata
        {
            { "x-downstream", "quota-service" },
            { "grpc-status-details-bin", Sent("quota_failure").ToTrailerBytes() },
        }
        : null;

    /// <summary>The exception type the Faultline client must throw for each code the catalog uses.</summary>
    public static System.Type ExceptionType(StatusCode code) => code switch
    {
        StatusCode.Unknown => typeof(UnknownException),
        StatusCode.InvalidArgument => typeof(InvalidArgumentException),
        StatusCode.NotFound => typeof(NotFoundException),
        StatusCode.AlreadyExists => typeof(AlreadyExistsException),
        StatusCode.PermissionDenied => typeof(PermissionDeniedException),
        StatusCode.ResourceExhausted => typeof(ResourceExhaustedException),
        StatusCode.FailedPrecondition => typeof(FailedPreconditionException),
        StatusCode.Aborted => typeof(AbortedException),
        StatusCode.OutOfRange => typeof(OutOfRangeException),
        StatusCode.Internal => typeof(InternalException),
        StatusCode.Unavailable => typeof(UnavailableException),
        StatusCode.DataLoss => typeof(DataLossException),
        StatusCode.Unauthenticated => typeof(UnauthenticatedException),
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, "No expected exception type for this code."),
    };

    private static RichStatus Without<T>(RichStatus status)
        where T : IMessage<T>, new() =>
        new(status.Code, status.Message, status.Details.Where(d => !d.Is(new T().Descriptor)));
}
