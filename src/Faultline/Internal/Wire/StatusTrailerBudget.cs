using Google.Protobuf.WellKnownTypes;

namespace Faultline.Internal.Wire;

/// <summary>
/// Makes a status fit the trailer size peers accept. A client that receives a header block above its
/// limit resets the stream and reports UNAVAILABLE, which retry policies then retry: an oversized
/// error turns into a retry storm and the real status is lost. So a status over the budget is cut,
/// least useful part first: application trailers that crowd out the status, an overlong message
/// (capped at a quarter of the budget, since it is sent twice and details are worth more), DebugInfo,
/// then the largest details, and last the message is truncated to what is left.
/// </summary>
internal static class StatusTrailerBudget
{
    private const string Ellipsis = "...";

    /// <summary>Shrinks <paramref name="draft"/> in place until it fits <paramref name="maxSize"/>; returns what was removed.</summary>
    public static (List<string> DroppedDetails, bool MessageTruncated, List<string> DroppedTrailers) Fit(StatusDraft draft, int maxSize)
    {
        var droppedDetails = new List<string>();
        var droppedTrailers = new List<string>();
        var originalMessage = draft.Message;

        // The application's trailers never take the room the bare status needs.
        var bareStatusSize = draft.StatusSize(string.Empty, []);
        while (draft.Trailers.Count > 0 && bareStatusSize + draft.TrailersSize() > maxSize)
        {
            var largest = draft.Trailers.MaxBy(StatusDraft.SizeOf)!;
            draft.Trailers.Remove(largest);
            droppedTrailers.Add(largest.Key);
        }

        if (draft.Size() > maxSize && HeaderSizes.PercentEncodedLength(draft.Message) > maxSize / 4)
        {
            draft.Message = Truncate(draft, maxSize / 4, messageOnly: true);
        }

        for (var i = draft.Details.Count - 1; i >= 0 && draft.Size() > maxSize; i--)
        {
            if (StatusDetailTypes.Is(draft.Details[i], StatusDetailTypes.DebugInfo))
            {
                Drop(draft.Details, i, droppedDetails);
            }
        }

        while (draft.Details.Count > 0 && draft.Size() > maxSize)
        {
            Drop(draft.Details, IndexOfLargest(draft.Details), droppedDetails);
        }

        if (draft.Size() > maxSize)
        {
            draft.Message = Truncate(draft, maxSize, messageOnly: false);
        }

        return (droppedDetails, !ReferenceEquals(originalMessage, draft.Message), droppedTrailers);
    }

    private static void Drop(List<Any> details, int index, List<string> dropped)
    {
        dropped.Add(StatusDetailTypes.NameOf(details[index]));
        details.RemoveAt(index);
    }

    private static int IndexOfLargest(List<Any> details)
    {
        var index = 0;
        for (var i = 1; i < details.Count; i++)
        {
            if (details[i].CalculateSize() > details[index].CalculateSize())
            {
                index = i;
            }
        }

        return index;
    }

    /// <summary>
    /// The longest prefix of the message (plus an ellipsis) within <paramref name="limit"/>: its
    /// percent-encoded length when <paramref name="messageOnly"/>, otherwise the whole block's size.
    /// </summary>
    private static string Truncate(StatusDraft draft, int limit, bool messageOnly)
    {
        var message = draft.Message;
        bool Fits(string candidate) => messageOnly
            ? HeaderSizes.PercentEncodedLength(candidate) <= limit
            : draft.Size(candidate) <= limit;

        if (!Fits(Ellipsis))
        {
            return string.Empty;
        }

        // Binary search on the number of characters kept; a surrogate pair is never split.
        int low = 0, high = message.Length - 1;
        while (low < high)
        {
            var mid = (low + high + 1) / 2;
            if (Fits(Cut(message, mid) + Ellipsis))
            {
                low = mid;
            }
            else
            {
                high = mid - 1;
            }
        }

        return Cut(message, low) + Ellipsis;
    }

    private static string Cut(string message, int length)
    {
        if (length > 0 && length < message.Length && char.IsHighSurrogate(message[length - 1]))
        {
            length--;
        }

        return message[..length];
    }
}
