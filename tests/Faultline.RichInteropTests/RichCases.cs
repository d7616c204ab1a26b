using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;

namespace Faultline.RichInteropTests;

/// <summary>
/// The C# catalog of rich statuses. python/rich_cases.py builds the same statuses independently; the
/// tests check that both serialize to the same bytes, so a difference on the wire is Faultline's (or
/// grpcio's), not the catalogs'.
/// </summary>
/// <remarks>
/// Protobuf does not define the order in which map entries (ErrorInfo.metadata, Struct.fields) are
/// serialized: C# writes them in insertion order, Python's <c>deterministic=True</c> sorts them by key.
/// Every map here is therefore filled in key order, so the two catalogs are byte-identical.
/// </remarks>
public static class RichCases
{
    /// <summary>The name the tests put in requests (the quota subject is "name: &lt;name&gt;").</summary>
    public const string Name = "Ada";

    /// <summary>
    /// The longest LocalizedMessage text for which "Near the limit." still fits the Faultline server's
    /// default 8 KiB status budget, as FaultlineServerOptions.MaxStatusTrailerSize documents it (name +
    /// value + 32 per entry, -bin values as base64, 512 bytes kept for the other headers): the
    /// google.rpc.Status is 81 + n bytes, so n = 5559 gives 5640 bytes, 7520 in base64, and a
    /// block of 512 + (11 + 2 + 32) + (12 + 15 + 32) + (23 + 7520 + 32) = 8191 bytes. One more
    /// character makes it 8195, and the server must drop the detail.
    /// </summary>
    public const int NearLimitLength = 5559;

    /// <summary>A message of 300 × 30 = 9000 percent-encoded characters (BMP only, so UTF-16 units are code points).</summary>
    public static readonly string LongMessage = string.Concat(Enumerable.Repeat("Überlänge ✓ ", 300));

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

    /// <summary>Replies a streaming call produces before it fails.</summary>
    public const int MessagesBeforeError = 2;

    /// <summary>The four call kinds each case runs on.</summary>
    public static readonly string[] Kinds = ["unary", "server_stream", "client_stream", "duplex"];

    /// <summary>Cases the Faultline server and the Python server both produce.</summary>
    public static readonly string[] Common =
    [
        "quota",
        "bad_request",
        "error_info",
        "many_details",
        "custom_detail",
        "non_ascii",
        "whitespace_message",
        "empty_message",
        "no_details",
        "near_limit",
    ];

    /// <summary>
    /// Cases only the Faultline server produces: its policies change what goes on the wire (DebugInfo
    /// is not sent unless EnableDetailedErrors; a status above MaxStatusTrailerSize is made to fit).
    /// </summary>
    public static readonly string[] FaultlineServerOnly = ["debug_info_stripped", "oversized", "over_limit", "long_message", "relayed_trailers"];

    /// <summary>Cases only the Python server produces: a DebugInfo from the peer, which the client must keep.</summary>
    public static readonly string[] PythonServerOnly = ["debug_info"];

    /// <summary>
    /// Broken trailers only the Python server sends (by hand, not through to_status): a details status
    /// whose code or message disagree with grpc-status/grpc-message, and bytes that are not a google.rpc.Status.
    /// </summary>
    public static readonly string[] Broken = ["mismatch_code", "mismatch_message", "malformed"];

    /// <summary>The catalog cases served by the Faultline server.</summary>
    public static IEnumerable<string> FaultlineServerCases => Common.Concat(FaultlineServerOnly);

    /// <summary>The catalog cases served by the Python server.</summary>
    public static IEnumerable<string> PythonServerCases => Common.Concat(PythonServerOnly);

    /// <summary>"case@kind" for every case and kind.</summary>
    public static IEnumerable<string> Ids(IEnumerable<string> cases) =>
        from c in cases from k in Kinds select $"{c}@{k}";

    /// <summary>Splits "case@kind".</summary>
    public static (string Case, string Kind) Split(string id)
    {
        var at = id.IndexOf('@', StringComparison.Ordinal);
        return (id[..at], id[(at + 1)..]);
    }

    /// <summary>The status a service fails with for <paramref name="case"/>.</summary>
    public static RichStatus Sent(string @case, string name = Name) => @case switch
    {
        // The LimitedGreeter example.
        "quota" => RichStatus.Create(StatusCode.ResourceExhausted, "Request limit exceeded.")
            .AddQuotaFailure(($"name: {name}", "Limit one greeting per person"))
            .Build(),

        "bad_request" => RichStatus.Create(StatusCode.InvalidArgument, "The greeting request is invalid.")
            .AddBadRequest(
                ("name", "must not be empty"),
                ("count", "must be between 0 and 10"),
                ("address.postal_code", "must have 5 digits"))
            .Build(),

        "error_info" => RichStatus.Create(StatusCode.PermissionDenied, "The Greeter API is disabled for this project.")
            .AddErrorInfo("API_DISABLED", "greeter.faultline.example", [
                new("consumer", "projects/123"),
                new("quota_limit", "GreetingsPerDay"),
                new("service", "greeter.faultline.example"),
            ])
            .Build(),

        // Every standard type except DebugInfo (which the server only sends when opted in).
        "many_details" => RichStatus.Create(StatusCode.FailedPrecondition, "Several things went wrong.")
            .AddLocalizedMessage("en-US", "Your account needs attention before you can greet.")
            .AddHelp(("Terms of service", "https://greeter.faultline.example/tos"), ("Quota documentation", "https://greeter.faultline.example/quota"))
            .AddRetryInfo(TimeSpan.FromMilliseconds(1500))
            .AddResourceInfo("greeter.faultline.example/Account", "accounts/42", "user:ada@example.com", "The account needs the writer role.")
            .AddPreconditionFailure(("TOS", "greeter.faultline.example", "Terms of service not accepted"), ("AGE", "accounts/42", "Age not verified"))
            .AddRequestInfo("req-7f3a9c21", "shard=3;replica=b")
            .AddErrorInfo("TOS_NOT_ACCEPTED", "greeter.faultline.example")
            .AddQuotaFailure(("project:123", "Daily greetings exceeded"))
            .AddBadRequest(("accept_tos", "must be true"))
            .Build(),

        // An application message type and a well-known type as details.
        "custom_detail" => RichStatus.Create(StatusCode.Aborted, "Custom details attached.")
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
            .Build(),

        // Non-ASCII (2-, 3- and 4-byte UTF-8) and '%' in the status message and in details.
        "non_ascii" => RichStatus.Create(StatusCode.NotFound, "Grüße an 世界 nicht gefunden — 100% ✓ 🚀")
            .AddLocalizedMessage("de-DE", "„Welt“ wurde nicht gefunden ✓")
            .AddResourceInfo("Gruß", "名前/🚀", "Zoë", "ünïcödé ½")
            .Build(),

        // grpc-message keeps spaces unencoded (gRPC's Percent-Byte-Unencoded is 0x20-0x7E except '%'),
        // so leading and trailing spaces are on the wire as-is; tab and newline are percent-encoded.
        "whitespace_message" => RichStatus.Create(StatusCode.Unavailable, "  spaces at both ends, a tab\tand a newline\nin the middle  ")
            .AddRetryInfo(TimeSpan.FromMilliseconds(250))
            .Build(),

        // No grpc-message at all; the details status has an empty message too.
        "empty_message" => RichStatus.Create(StatusCode.Internal, string.Empty)
            .AddErrorInfo("EMPTY_MESSAGE", "faultline.example")
            .Build(),

        // No details: no grpc-status-details-bin trailer.
        "no_details" => RichStatus.Create(StatusCode.OutOfRange, "No details at all.").Build(),

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

        // Just inside the server's status budget: sent untouched (and grpcio must accept it).
        "near_limit" => RichStatus.Create(StatusCode.ResourceExhausted, "Near the limit.")
            .AddLocalizedMessage("en", new string('x', NearLimitLength))
            .Build(),

        // One byte of text more: the server drops the detail (and, with no details left, sends no trailer).
        "over_limit" => RichStatus.Create(StatusCode.ResourceExhausted, "Near the limit.")
            .AddLocalizedMessage("en", new string('x', NearLimitLength + 1))
            .Build(),

        // 9000 characters percent-encoded: longer than a quarter of the budget, so the server truncates the
        // message (in grpc-message and in the details status alike) and keeps the detail.
        "long_message" => RichStatus.Create(StatusCode.InvalidArgument, LongMessage)
            .AddErrorInfo("MESSAGE_TOO_LONG", "faultline.example")
            .Build(),

        // Sent together with application trailers that carry another status's grpc-status-details-bin
        // (see RichErrorsService.RelayedTrailers). Faultline promises that grpc-status, grpc-message and
        // grpc-status-details-bin come from one RichStatus: this one, which has no details.
        "relayed_trailers" => RichStatus.Create(StatusCode.NotFound, "Greeting not found.").Build(),

        "debug_info" => RichStatus.Create(StatusCode.Unknown, "Python sent a DebugInfo.")
            .AddDebugInfo(["File \"rich_server.py\", line 1, in handler"], "python detail")
            .Build(),

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
        "long_message" => Sent(@case, name).With(TruncatedLongMessage, Sent(@case, name).Details),
        _ => Sent(@case, name),
    };

    /// <summary>The bytes of grpc-status-details-bin for the wire status, or null when it has no details (no trailer).</summary>
    public static byte[]? WireBytes(string @case, string name = Name)
    {
        var status = Wire(@case, name);
        return status.Details.Count == 0 ? null : status.ToTrailerBytes();
    }

    /// <summary>The exception type the Faultline client must throw for each code the catalog uses.</summary>
    public static System.Type ExceptionType(StatusCode code) => code switch
    {
        StatusCode.ResourceExhausted => typeof(ResourceExhaustedException),
        StatusCode.InvalidArgument => typeof(InvalidArgumentException),
        StatusCode.PermissionDenied => typeof(PermissionDeniedException),
        StatusCode.FailedPrecondition => typeof(FailedPreconditionException),
        StatusCode.Aborted => typeof(AbortedException),
        StatusCode.NotFound => typeof(NotFoundException),
        StatusCode.Unavailable => typeof(UnavailableException),
        StatusCode.Internal => typeof(InternalException),
        StatusCode.OutOfRange => typeof(OutOfRangeException),
        StatusCode.DataLoss => typeof(DataLossException),
        StatusCode.Unknown => typeof(UnknownException),
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, "No expected exception type for this code."),
    };

    private static RichStatus Without<T>(RichStatus status)
        where T : IMessage<T>, new() =>
        status.With(status.Message, status.Details.Where(d => !d.Is(new T().Descriptor)));
}
