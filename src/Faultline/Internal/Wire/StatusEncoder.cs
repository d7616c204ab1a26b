using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Faultline.Internal.Wire;

/// <summary>
/// The one place a status becomes trailers. <c>grpc-status</c>, <c>grpc-message</c> and
/// <c>grpc-status-details-bin</c> come from the same code and message so that strict readers
/// (grpcio-status's <c>from_call</c>) accept them; DebugInfo leaves only under a policy that allows
/// it; text trailers HTTP/2 cannot carry are dropped instead of destroying the status; and the whole
/// block is kept within the policy's budget (<see cref="StatusTrailerBudget"/>).
/// </summary>
internal static class StatusEncoder
{
    private static readonly IReadOnlyList<string> None = [];

    /// <summary>Encodes a rich status; <c>grpc-status-details-bin</c> is always written.</summary>
    public static EncodedStatus Encode(RichStatus status, IEnumerable<Metadata.Entry>? applicationTrailers, StatusEncodingPolicy policy, Exception? debugException = null) =>
        Encode(status, writeDetails: true, applicationTrailers, policy, debugException);

    /// <summary>
    /// Encodes a status; with <paramref name="writeDetails"/> false (a plain status that never had
    /// details) no details trailer is written, but the message and trailers are still made safe.
    /// </summary>
    public static EncodedStatus Encode(RichStatus status, bool writeDetails, IEnumerable<Metadata.Entry>? applicationTrailers, StatusEncodingPolicy policy, Exception? debugException)
    {
        if (status.Code == StatusCode.OK)
        {
            throw new ArgumentException("An OK status is not a failure and carries no error details.", nameof(status));
        }

        var trailers = new List<Metadata.Entry>();
        var invalidTrailers = SelectSendable(applicationTrailers, trailers);
        var details = SelectDetails(status.Details, policy.IncludeDebugInfo);
        var pushback = policy.SendRetryPushback ? RetryPushbackValue(status) : null;
        var draft = new StatusDraft(status.Code, status.Message, details, trailers, pushback, writeDetails);

        var originalSize = draft.Size();
        var trim = originalSize <= policy.MaxSize
            ? new StatusTrim(originalSize, originalSize, None, false, None, invalidTrailers)
            : Shrink(draft, originalSize, policy.MaxSize, invalidTrailers);

        var detailsEntry = writeDetails ? new Metadata.Entry(StatusHeaderNames.StatusDetails, draft.ToProto().ToByteArray()) : null;
        var pushbackEntry = pushback is null ? null : new Metadata.Entry(StatusHeaderNames.RetryPushback, pushback);
        return new EncodedStatus(new Status(status.Code, draft.Message, debugException), detailsEntry, pushbackEntry, trailers, trim, policy);
    }

    private static StatusTrim Shrink(StatusDraft draft, int originalSize, int maxSize, IReadOnlyList<string> invalidTrailers)
    {
        var (droppedDetails, messageTruncated, droppedTrailers) = StatusTrailerBudget.Fit(draft, maxSize);
        return new StatusTrim(originalSize, draft.Size(), droppedDetails, messageTruncated, droppedTrailers, invalidTrailers);
    }

    private static IReadOnlyList<string> SelectSendable(IEnumerable<Metadata.Entry>? source, List<Metadata.Entry> sendable)
    {
        if (source is null)
        {
            return None;
        }

        List<string>? invalid = null;
        foreach (var entry in source)
        {
            if (StatusHeaderNames.IsOwnedByFaultline(entry.Key))
            {
                continue;
            }

            if (!entry.IsBinary && !AsciiHeaderValue.IsValid(entry.Value))
            {
                (invalid ??= []).Add(entry.Key);
                continue;
            }

            sendable.Add(entry);
        }

        return invalid ?? None;
    }

    private static List<Any> SelectDetails(IReadOnlyList<Any> details, bool includeDebugInfo)
    {
        var selected = new List<Any>(details.Count);
        foreach (var detail in details)
        {
            if (includeDebugInfo || !StatusDetailTypes.Is(detail, StatusDetailTypes.DebugInfo))
            {
                selected.Add(detail);
            }
        }

        return selected;
    }

    /// <summary>RetryInfo's delay in whole milliseconds, as A6 clients read <c>grpc-retry-pushback-ms</c>.</summary>
    private static string? RetryPushbackValue(RichStatus status)
    {
        if (status.RetryInfo?.RetryDelay is not { } delay)
        {
            return null;
        }

        // From the fields rather than Duration.ToTimeSpan, which throws on denormalized values.
        var milliseconds = Math.Clamp(Math.Ceiling((delay.Seconds * 1000.0) + (delay.Nanos / 1_000_000.0)), 0, int.MaxValue);
        return ((int)milliseconds).ToString(CultureInfo.InvariantCulture);
    }
}
