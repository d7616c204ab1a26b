using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Faultline.Internal.Wire;

/// <summary>
/// A status on its way to the wire, as the parts that take room in the trailer block: the code, the
/// message (sent twice: in <c>grpc-message</c> and inside the google.rpc.Status), the details, the
/// pushback and the application's own trailers. <see cref="StatusTrailerBudget"/> shrinks it.
/// </summary>
internal sealed class StatusDraft
{
    // Room for what else shares a Trailers-Only header block: :status, content-type, date, server,
    // grpc-accept-encoding... (about 330 bytes as HTTP/2 counts them).
    private const int ReservedForOtherHeaders = 512;

    public StatusDraft(StatusCode code, string message, List<Any> details, List<Metadata.Entry> trailers, string? retryPushback, bool writeDetails)
    {
        Code = code;
        Message = message;
        Details = details;
        Trailers = trailers;
        RetryPushback = retryPushback;
        WriteDetails = writeDetails;
    }

    public StatusCode Code { get; }

    public string Message { get; set; }

    public List<Any> Details { get; }

    public List<Metadata.Entry> Trailers { get; }

    public string? RetryPushback { get; }

    /// <summary>False for a plain status (no details were ever attached): no details trailer is written.</summary>
    public bool WriteDetails { get; }

    /// <summary>The size of the whole block, or of it with <paramref name="message"/> in place of <see cref="Message"/>.</summary>
    public int Size(string? message = null) => StatusSize(message ?? Message, Details) + TrailersSize();

    /// <summary>The size of the status parts alone, for a given message and details.</summary>
    public int StatusSize(string message, IReadOnlyList<Any> details)
    {
        var code = (int)Code;
        var size = ReservedForOtherHeaders + HeaderSizes.Field(StatusHeaderNames.Status, code is >= 0 and < 10 ? 1 : code.ToString(CultureInfo.InvariantCulture).Length);
        var messageLength = HeaderSizes.PercentEncodedLength(message);
        if (messageLength > 0)
        {
            size += HeaderSizes.Field(StatusHeaderNames.Message, messageLength);
        }

        if (WriteDetails)
        {
            size += HeaderSizes.Field(StatusHeaderNames.StatusDetails, HeaderSizes.Base64Length(ProtoSize(code, message, details)));
        }

        if (RetryPushback is not null)
        {
            size += HeaderSizes.Field(StatusHeaderNames.RetryPushback, RetryPushback.Length);
        }

        return size;
    }

    public int TrailersSize()
    {
        var size = 0;
        foreach (var entry in Trailers)
        {
            size += SizeOf(entry);
        }

        return size;
    }

    public static int SizeOf(Metadata.Entry entry) =>
        HeaderSizes.Field(entry.Key, entry.IsBinary ? HeaderSizes.Base64Length(entry.ValueBytes.Length) : entry.Value.Length);

    /// <summary>The google.rpc.Status this draft stands for.</summary>
    public Google.Rpc.Status ToProto()
    {
        var proto = new Google.Rpc.Status { Code = (int)Code, Message = Message };
        proto.Details.AddRange(Details);
        return proto;
    }

    private static int ProtoSize(int code, string message, IReadOnlyList<Any> details)
    {
        // Field by field as google.rpc.Status serializes: code = 1, message = 2, details = 3 (one tag byte each).
        var size = code == 0 ? 0 : 1 + CodedOutputStream.ComputeInt32Size(code);
        if (message.Length > 0)
        {
            size += 1 + CodedOutputStream.ComputeStringSize(message);
        }

        foreach (var detail in details)
        {
            size += 1 + CodedOutputStream.ComputeMessageSize(detail);
        }

        return size;
    }
}
