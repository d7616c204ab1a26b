using Faultline.Protocol;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Faultline.Server.Internal;

/// <summary>
/// Makes a status fit the trailer size a peer accepts. A peer that receives a header block above
/// its limit resets the stream, so an oversized error would turn into a protocol error and lose
/// everything. Sizes are counted as HTTP/2 does (RFC 9113 section 6.5.2): name + value + 32 per entry.
/// </summary>
internal static class StatusTrailerBudget
{
    private const int PerEntryOverhead = 32;

    // Room for what else may share the block: in Trailers-Only, :status, content-type,
    // grpc-accept-encoding, date, server and content-length (about 330 bytes as HTTP/2 counts them).
    private const int ReservedForOtherHeaders = 512;

    private const string Ellipsis = "...";

    private static readonly string DebugInfoTypeName = Google.Rpc.DebugInfo.Descriptor.FullName;

    /// <summary>What <see cref="Fit"/> had to remove.</summary>
    public readonly record struct Trim(IReadOnlyList<string> DroppedDetails, bool MessageTruncated, bool TrailersDropped, int OriginalSize)
    {
        public bool Any => DroppedDetails.Count > 0 || MessageTruncated || TrailersDropped;
    }

    /// <summary>Returns <paramref name="status"/>, or a smaller copy of it, that fits in <paramref name="maxSize"/>.</summary>
    public static RichStatus Fit(RichStatus status, Metadata? trailers, int maxSize, out Trim trim)
    {
        var trailersSize = SizeOf(trailers);
        var originalSize = trailersSize + SizeOf(status);
        if (originalSize <= maxSize)
        {
            trim = new Trim([], false, false, originalSize);
            return status;
        }

        return Shrink(status, trailersSize, originalSize, maxSize, out trim);
    }

    // Separate from Fit so that its closure is only allocated when a status really has to shrink.
    private static RichStatus Shrink(RichStatus status, int trailersSize, int originalSize, int maxSize, out Trim trim)
    {
        var dropped = new List<string>();
        var details = status.Details.ToList();
        var message = status.Message;
        var messageTruncated = false;
        var trailersDropped = false;

        // The application's own trailers alone leave no room for a status: they go first, since the
        // status (and its details) matter more to the client.
        if (trailersSize + SizeOf(status.Code, Ellipsis, []) > maxSize)
        {
            trailersDropped = true;
            trailersSize = 0;
        }

        // A message longer than a quarter of the budget is rarely read in full; details are worth more.
        if (PercentEncoding.Encode(message).Length > maxSize / 4)
        {
            message = Truncate(message, maxSize / 4);
            messageTruncated = !ReferenceEquals(message, status.Message);
        }

        int Size() => trailersSize + SizeOf(status.Code, message, details);

        // DebugInfo is the least useful to a client; then the largest detail goes first.
        DropWhileTooLarge(details, dropped, Size, maxSize, d => IsDebugInfo(d));
        while (Size() > maxSize && details.Count > 0)
        {
            var largest = details.MaxBy(d => d.CalculateSize())!;
            details.Remove(largest);
            dropped.Add(TypeName(largest));
        }

        if (Size() > maxSize)
        {
            var budgetForMessage = maxSize - trailersSize - SizeOf(status.Code, string.Empty, details);
            var fitted = Truncate(message, Math.Max(budgetForMessage - PerEntryOverhead - 12, 0));
            messageTruncated |= !ReferenceEquals(fitted, message);
            message = fitted;
        }

        trim = new Trim(dropped, messageTruncated, trailersDropped, originalSize);
        return status.With(message, details);
    }

    /// <summary>Removes DebugInfo details, which are only sent when the service opts in.</summary>
    public static RichStatus WithoutDebugInfo(RichStatus status)
    {
        foreach (var detail in status.Details)
        {
            if (IsDebugInfo(detail))
            {
                return status.With(status.Message, status.Details.Where(d => !IsDebugInfo(d)));
            }
        }

        return status;
    }

    private static void DropWhileTooLarge(List<Any> details, List<string> dropped, Func<int> size, int maxSize, Predicate<Any> candidate)
    {
        for (var i = details.Count - 1; i >= 0 && size() > maxSize; i--)
        {
            if (candidate(details[i]))
            {
                dropped.Add(TypeName(details[i]));
                details.RemoveAt(i);
            }
        }
    }

    private static bool IsDebugInfo(Any detail) => Any.GetTypeName(detail.TypeUrl) == DebugInfoTypeName;

    private static string TypeName(Any detail) => Any.GetTypeName(detail.TypeUrl);

    private static int SizeOf(RichStatus status) => SizeOf(status.Code, status.Message, status.Details);

    private static int SizeOf(StatusCode code, string message, IReadOnlyCollection<Any> details)
    {
        var size = ReservedForOtherHeaders + GrpcProtocolConstants.StatusHeader.Length + 2 + PerEntryOverhead;
        var encodedMessageLength = PercentEncoding.Encode(message).Length;
        if (encodedMessageLength > 0)
        {
            size += GrpcProtocolConstants.MessageHeader.Length + encodedMessageLength + PerEntryOverhead;
        }

        if (details.Count > 0)
        {
            var proto = new Google.Rpc.Status { Code = (int)code, Message = message };
            proto.Details.AddRange(details);
            size += GrpcProtocolConstants.StatusDetailsHeader.Length + Base64Length(proto.CalculateSize()) + PerEntryOverhead;
        }

        return size;
    }

    private static int SizeOf(Metadata? trailers)
    {
        if (trailers is null)
        {
            return 0;
        }

        var size = 0;
        foreach (var entry in trailers)
        {
            if (MetadataHeaders.IsStatusDetails(entry.Key))
            {
                // Never sent from the application's trailers (see MetadataHeaders.Append).
                continue;
            }

            size += entry.Key.Length + PerEntryOverhead + (entry.IsBinary ? Base64Length(entry.ValueBytes.Length) : entry.Value.Length);
        }

        return size;
    }

    private static int Base64Length(int bytes) => (bytes + 2) / 3 * 4;

    /// <summary>Cuts <paramref name="message"/> so its percent-encoded form has at most <paramref name="maxEncodedLength"/> characters.</summary>
    private static string Truncate(string message, int maxEncodedLength)
    {
        if (PercentEncoding.Encode(message).Length <= maxEncodedLength)
        {
            return message;
        }

        if (maxEncodedLength < Ellipsis.Length)
        {
            return string.Empty;
        }

        // Binary search on the number of characters kept; never split a surrogate pair.
        int low = 0, high = message.Length;
        while (low < high)
        {
            var mid = (low + high + 1) / 2;
            if (PercentEncoding.Encode(Cut(message, mid)).Length + Ellipsis.Length <= maxEncodedLength)
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

        return message.Substring(0, length);
    }
}
