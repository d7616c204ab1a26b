using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Faultline;

/// <summary>
/// The rich error model: a status code, a message and structured details (google.rpc.Status). It
/// travels in the <c>grpc-status-details-bin</c> trailer next to <c>grpc-status</c> and
/// <c>grpc-message</c>, which Faultline always writes from the same instance so they agree.
/// Details of types this process does not know are kept as <see cref="Any"/>, never dropped.
/// </summary>
public sealed class RichStatus
{
    /// <summary>Creates a rich status.</summary>
    /// <param name="code">The status code.</param>
    /// <param name="message">The developer-facing message; <c>null</c> is treated as empty.</param>
    /// <param name="details">The details, packed as <see cref="Any"/>.</param>
    public RichStatus(StatusCode code, string? message, IEnumerable<Any>? details = null)
    {
        Code = code;
        Message = message ?? string.Empty;
        Details = details is null ? [] : details.ToArray();
    }

    /// <summary>The status code.</summary>
    public StatusCode Code { get; }

    /// <summary>The message (never null).</summary>
    public string Message { get; }

    /// <summary>The details, in order, including those of unknown types.</summary>
    public IReadOnlyList<Any> Details { get; }

    /// <summary>The plain <see cref="Status"/> (code and message).</summary>
    public Status Status => new(Code, Message);

    /// <summary>Starts building a rich status.</summary>
    public static RichStatusBuilder Create(StatusCode code, string? message) => new(code, message);

    /// <summary>Converts from a google.rpc.Status message.</summary>
    public static RichStatus FromProto(Google.Rpc.Status status)
    {
        ArgumentNullException.ThrowIfNull(status);
        return new RichStatus((StatusCode)status.Code, status.Message, status.Details);
    }

    /// <summary>Parses the bytes of a <c>grpc-status-details-bin</c> trailer (a serialized google.rpc.Status).</summary>
    /// <exception cref="MalformedStatusDetailsException">The bytes are not a google.rpc.Status.</exception>
    public static RichStatus FromTrailerBytes(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return FromProto(Parse(bytes));
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new MalformedStatusDetailsException("The grpc-status-details-bin trailer is not a valid google.rpc.Status message: " + ex.Message, ex);
        }
    }

    /// <summary>Parses trailer bytes; returns false instead of throwing when they are malformed.</summary>
    public static bool TryFromTrailerBytes(ReadOnlySpan<byte> bytes, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out RichStatus? status)
    {
        try
        {
            status = FromProto(Parse(bytes));
            return true;
        }
        catch (InvalidProtocolBufferException)
        {
            status = null;
            return false;
        }
    }

    /// <summary>Converts to a google.rpc.Status message.</summary>
    public Google.Rpc.Status ToProto()
    {
        var proto = new Google.Rpc.Status { Code = (int)Code, Message = Message };
        proto.Details.AddRange(Details);
        return proto;
    }

    /// <summary>The bytes for the <c>grpc-status-details-bin</c> trailer.</summary>
    public byte[] ToTrailerBytes() => ToProto().ToByteArray();

    /// <summary>The first detail of type <typeparamref name="T"/>, or null.</summary>
    public T? GetDetail<T>()
        where T : class, IMessage<T>, new()
    {
        TryGetDetail<T>(out var detail);
        return detail;
    }

    /// <summary>Finds the first detail of type <typeparamref name="T"/>.</summary>
    public bool TryGetDetail<T>([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out T? detail)
        where T : class, IMessage<T>, new()
    {
        foreach (var any in Details)
        {
            if (TryUnpack(any, out detail))
            {
                return true;
            }
        }

        detail = null;
        return false;
    }

    /// <summary>Every detail of type <typeparamref name="T"/>, in order.</summary>
    public IReadOnlyList<T> GetDetails<T>()
        where T : class, IMessage<T>, new()
    {
        var found = new List<T>();
        foreach (var any in Details)
        {
            if (TryUnpack<T>(any, out var detail))
            {
                found.Add(detail);
            }
        }

        return found;
    }

    /// <summary>A copy with a different message and details (used to shrink a status that is too large to send).</summary>
    public RichStatus With(string message, IEnumerable<Any> details) => new(Code, message, details);

    /// <inheritdoc />
    public override string ToString() =>
        $"RichStatus(StatusCode=\"{Code}\", Message=\"{Message}\", Details=[{string.Join(", ", Details.Select(d => d.TypeUrl))}])";

    // Google.Api.CommonProtos 2.0.0 was generated before span-based parsing existed, and
    // Google.Protobuf refuses to parse such messages from a span; the byte[] path still works.
    private static Google.Rpc.Status Parse(ReadOnlySpan<byte> bytes) => Google.Rpc.Status.Parser.ParseFrom(bytes.ToArray());

    private static bool TryUnpack<T>(Any any, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out T? detail)
        where T : class, IMessage<T>, new()
    {
        detail = null;
        if (!any.Is(new T().Descriptor))
        {
            return false;
        }

        try
        {
            detail = any.Unpack<T>();
            return true;
        }
        catch (InvalidProtocolBufferException)
        {
            // A detail whose bytes do not parse is kept in Details but not returned as typed.
            return false;
        }
    }
}
