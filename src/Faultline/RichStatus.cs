using System.Diagnostics.CodeAnalysis;
using Faultline.Internal.Wire;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Status = Grpc.Core.Status;

namespace Faultline;

/// <summary>
/// The rich error model: a status code, a message and structured details (google.rpc.Status). It
/// travels in the <c>grpc-status-details-bin</c> trailer next to <c>grpc-status</c> and
/// <c>grpc-message</c>, which Faultline always writes from the same instance so that they agree.
/// Immutable. Details of types this process does not know are kept as <see cref="Any"/>, never dropped.
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

    /// <summary>The details, in order, including those of types this process does not know.</summary>
    public IReadOnlyList<Any> Details { get; }

    /// <summary>The plain grpc-dotnet <see cref="Grpc.Core.Status"/> (code and message).</summary>
    public Status Status => new(Code, Message);

    /// <summary>The first <see cref="Google.Rpc.ErrorInfo"/>: why the error happened, as a reason within a domain.</summary>
    public ErrorInfo? ErrorInfo => GetDetail<ErrorInfo>();

    /// <summary>The first <see cref="Google.Rpc.BadRequest"/>: which request fields are invalid.</summary>
    public BadRequest? BadRequest => GetDetail<BadRequest>();

    /// <summary>The first <see cref="Google.Rpc.RetryInfo"/>: how long to wait before retrying.</summary>
    public RetryInfo? RetryInfo => GetDetail<RetryInfo>();

    /// <summary>The first <see cref="Google.Rpc.DebugInfo"/>: stack entries and detail (sent only when the server opts in).</summary>
    public DebugInfo? DebugInfo => GetDetail<DebugInfo>();

    /// <summary>The first <see cref="Google.Rpc.QuotaFailure"/>: which quota was exceeded.</summary>
    public QuotaFailure? QuotaFailure => GetDetail<QuotaFailure>();

    /// <summary>The first <see cref="Google.Rpc.PreconditionFailure"/>: which preconditions failed.</summary>
    public PreconditionFailure? PreconditionFailure => GetDetail<PreconditionFailure>();

    /// <summary>The first <see cref="Google.Rpc.ResourceInfo"/>: the resource the error is about.</summary>
    public ResourceInfo? ResourceInfo => GetDetail<ResourceInfo>();

    /// <summary>The first <see cref="Google.Rpc.RequestInfo"/>: the request id to quote in a bug report.</summary>
    public RequestInfo? RequestInfo => GetDetail<RequestInfo>();

    /// <summary>The first <see cref="Google.Rpc.Help"/>: links to documentation.</summary>
    public Help? Help => GetDetail<Help>();

    /// <summary>The first <see cref="Google.Rpc.LocalizedMessage"/>: a message safe to show to an end user.</summary>
    public LocalizedMessage? LocalizedMessage => GetDetail<LocalizedMessage>();

    /// <summary>Starts building a rich status.</summary>
    public static RichStatusBuilder Create(StatusCode code, string? message) => new(code, message);

    /// <summary>Converts from a google.rpc.Status message (as Grpc.StatusProto and other languages use it).</summary>
    public static RichStatus FromProto(Google.Rpc.Status status)
    {
        ArgumentNullException.ThrowIfNull(status);
        return new RichStatus((StatusCode)status.Code, status.Message, status.Details);
    }

    /// <summary>Parses the bytes of a <c>grpc-status-details-bin</c> trailer (a serialized google.rpc.Status).</summary>
    /// <exception cref="InvalidProtocolBufferException">The bytes are not a google.rpc.Status.</exception>
    public static RichStatus FromTrailerBytes(ReadOnlySpan<byte> bytes) => FromProto(Google.Rpc.Status.Parser.ParseFrom(bytes));

    /// <summary>Parses trailer bytes; returns false instead of throwing when they are malformed.</summary>
    public static bool TryFromTrailerBytes(ReadOnlySpan<byte> bytes, [NotNullWhen(true)] out RichStatus? status)
    {
        try
        {
            status = FromTrailerBytes(bytes);
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

    /// <summary>
    /// The serialized google.rpc.Status, exactly as it is, with nothing trimmed. What a server sends in
    /// <c>grpc-status-details-bin</c> may be less: DebugInfo only when allowed, and within a size budget.
    /// </summary>
    public byte[] ToTrailerBytes() => ToProto().ToByteArray();

    /// <summary>The <see cref="GrpcException"/> subclass for this status's code (e.g. <see cref="NotFoundException"/>), ready to throw.</summary>
    /// <param name="trailers">Further trailers to send with the status.</param>
    /// <exception cref="ArgumentException">The code is OK.</exception>
    public GrpcException ToException(Metadata? trailers = null) => GrpcException.Create(this, trailers);

    /// <summary>The first detail of type <typeparamref name="T"/>, or null.</summary>
    public T? GetDetail<T>()
        where T : class, IMessage<T>, new()
    {
        TryGetDetail<T>(out var detail);
        return detail;
    }

    /// <summary>Finds the first detail of type <typeparamref name="T"/>.</summary>
    public bool TryGetDetail<T>([NotNullWhen(true)] out T? detail)
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

    /// <inheritdoc />
    public override string ToString() =>
        $"RichStatus(StatusCode=\"{Code}\", Message=\"{Message}\", Details=[{string.Join(", ", Details.Select(d => d.TypeUrl))}])";

    /// <summary>Whether a detail of the type named <paramref name="fullName"/> is present.</summary>
    internal bool HasDetail(string fullName)
    {
        foreach (var detail in Details)
        {
            if (StatusDetailTypes.Is(detail, fullName))
            {
                return true;
            }
        }

        return false;
    }

    private static bool TryUnpack<T>(Any any, [NotNullWhen(true)] out T? detail)
        where T : class, IMessage<T>, new()
    {
        detail = null;
        if (!any.Is(MessageDescriptorOf<T>.Descriptor))
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
            // A detail whose bytes do not parse stays in Details but is not returned as typed.
            return false;
        }
    }

    private static class MessageDescriptorOf<T>
        where T : class, IMessage<T>, new()
    {
        public static readonly Google.Protobuf.Reflection.MessageDescriptor Descriptor = new T().Descriptor;
    }
}
