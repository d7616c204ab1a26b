using System.Diagnostics.CodeAnalysis;
using Faultline.Internal.Wire;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace Faultline;

/// <summary>
/// A failed call with its rich status: an <see cref="RpcException"/>, so every existing
/// <c>catch (RpcException)</c> keeps working. Services throw it, or one of its per-code subclasses
/// such as <see cref="NotFoundException"/>; clients with the Faultline client pipeline catch the
/// subclass matching the status they received, with the decoded details.
/// </summary>
/// <remarks>
/// A Faultline exception carries its own wire form: its <see cref="RpcException.Trailers"/> hold one
/// <c>grpc-status-details-bin</c> made from the same code and message as its <see cref="RpcException.Status"/>,
/// within the default 8 KiB budget and without DebugInfo, and <c>grpc-retry-pushback-ms</c> when it has
/// a RetryInfo. So a plain grpc-dotnet service that throws it already sends the rich status; the
/// Faultline server pipeline re-encodes it under the service's own options.
/// </remarks>
public class GrpcException : RpcException
{
    private static readonly IReadOnlyDictionary<string, string> NoMetadata = new Dictionary<string, string>();

    private ErrorInfo? _errorInfo;
    private bool _errorInfoRead;

    /// <summary>Creates an exception for a rich status: code, message and details.</summary>
    /// <param name="richStatus">The status; its code must not be OK.</param>
    /// <param name="trailers">Further trailers to send with the status.</param>
    /// <param name="innerException">The cause, kept in this process and never sent to a peer.</param>
    /// <exception cref="ArgumentException">The code is OK.</exception>
    public GrpcException(RichStatus richStatus, Metadata? trailers = null, Exception? innerException = null)
        : this(RequireFailure(richStatus), StatusEncoder.Encode(richStatus, trailers, StatusEncodingPolicy.Default, innerException))
    {
    }

    /// <summary>Creates an exception for a status code and message, with no details.</summary>
    /// <exception cref="ArgumentException">The code is OK.</exception>
    public GrpcException(StatusCode code, string? message)
        : this(new RichStatus(code, message))
    {
    }

    private protected GrpcException(RichStatus richStatus, EncodedStatus encoded)
        : base(encoded.Status, encoded.ToTrailers())
    {
        RichStatus = richStatus;
        LocalEncoding = encoded;
    }

    private protected GrpcException(RichStatus richStatus, RpcException received)
        : base(received.Status, received.Trailers)
    {
        RichStatus = richStatus;
        IsRemote = true;
    }

    /// <summary>
    /// The status with its details: for an exception created here, all of them (what is sent may be
    /// less, see the remarks); for one read from a call, what the peer sent.
    /// </summary>
    public RichStatus RichStatus { get; }

    /// <summary>The canonical name of the code, e.g. <c>NOT_FOUND</c>.</summary>
    public string StatusName => StatusCodeNames.GetName(StatusCode);

    /// <summary>
    /// True when this exception was read from a call's response (a downstream service's error), false
    /// when it was created in this process. A service that relays a remote error sends its status and
    /// details, never the downstream's other trailers.
    /// </summary>
    public bool IsRemote { get; }

    /// <summary>The rich details, as <see cref="Any"/>, including those of unknown types.</summary>
    public IReadOnlyList<Any> Details => RichStatus.Details;

    /// <summary>The first <see cref="Google.Rpc.ErrorInfo"/> detail, or null.</summary>
    public ErrorInfo? ErrorInfo
    {
        get
        {
            if (!_errorInfoRead)
            {
                _errorInfo = RichStatus.ErrorInfo;
                _errorInfoRead = true;
            }

            return _errorInfo;
        }
    }

    /// <summary>The ErrorInfo reason (e.g. <c>USER_NOT_FOUND</c>), or null when the status has no ErrorInfo.</summary>
    public string? Reason => ErrorInfo?.Reason;

    /// <summary>The ErrorInfo domain (e.g. <c>users.example.com</c>), or null when the status has no ErrorInfo.</summary>
    public string? Domain => ErrorInfo?.Domain;

    /// <summary>The ErrorInfo metadata (the error's dynamic values by name); empty when there is none.</summary>
    public IReadOnlyDictionary<string, string> ErrorMetadata =>
        (IReadOnlyDictionary<string, string>?)ErrorInfo?.Metadata ?? NoMetadata;

    /// <summary>How this process encoded the status, when it created the exception.</summary>
    internal EncodedStatus? LocalEncoding { get; }

    /// <summary>The first detail of type <typeparamref name="T"/>, or null.</summary>
    public T? GetDetail<T>()
        where T : class, IMessage<T>, new() => RichStatus.GetDetail<T>();

    /// <summary>Every detail of type <typeparamref name="T"/>.</summary>
    public IReadOnlyList<T> GetDetails<T>()
        where T : class, IMessage<T>, new() => RichStatus.GetDetails<T>();

    /// <summary>Finds the first detail of type <typeparamref name="T"/>.</summary>
    public bool TryGetDetail<T>([NotNullWhen(true)] out T? detail)
        where T : class, IMessage<T>, new() => RichStatus.TryGetDetail(out detail);

    /// <summary>
    /// Creates the exception type for <paramref name="richStatus"/>'s code (NOT_FOUND →
    /// <see cref="NotFoundException"/>, ...); a code outside the 16 defined ones gets a plain <see cref="GrpcException"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The code is OK.</exception>
    public static GrpcException Create(RichStatus richStatus, Metadata? trailers = null, Exception? innerException = null) => RequireFailure(richStatus).Code switch
    {
        StatusCode.Cancelled => new CancelledException(richStatus, trailers, innerException),
        StatusCode.Unknown => new UnknownException(richStatus, trailers, innerException),
        StatusCode.InvalidArgument => new InvalidArgumentException(richStatus, trailers, innerException),
        StatusCode.DeadlineExceeded => new DeadlineExceededException(richStatus, trailers, innerException),
        StatusCode.NotFound => new NotFoundException(richStatus, trailers, innerException),
        StatusCode.AlreadyExists => new AlreadyExistsException(richStatus, trailers, innerException),
        StatusCode.PermissionDenied => new PermissionDeniedException(richStatus, trailers, innerException),
        StatusCode.ResourceExhausted => new ResourceExhaustedException(richStatus, trailers, innerException),
        StatusCode.FailedPrecondition => new FailedPreconditionException(richStatus, trailers, innerException),
        StatusCode.Aborted => new AbortedException(richStatus, trailers, innerException),
        StatusCode.OutOfRange => new OutOfRangeException(richStatus, trailers, innerException),
        StatusCode.Unimplemented => new UnimplementedException(richStatus, trailers, innerException),
        StatusCode.Internal => new InternalException(richStatus, trailers, innerException),
        StatusCode.Unavailable => new UnavailableException(richStatus, trailers, innerException),
        StatusCode.DataLoss => new DataLossException(richStatus, trailers, innerException),
        StatusCode.Unauthenticated => new UnauthenticatedException(richStatus, trailers, innerException),
        _ => new GrpcException(richStatus, trailers, innerException),
    };

    /// <summary>The message a status of <paramref name="code"/> gets when none is given (that of the code's exception type, e.g. <see cref="NotFoundException.DefaultMessage"/>).</summary>
    public static string GetDefaultMessage(StatusCode code) => code switch
    {
        StatusCode.Cancelled => CancelledException.DefaultMessage,
        StatusCode.Unknown => UnknownException.DefaultMessage,
        StatusCode.InvalidArgument => InvalidArgumentException.DefaultMessage,
        StatusCode.DeadlineExceeded => DeadlineExceededException.DefaultMessage,
        StatusCode.NotFound => NotFoundException.DefaultMessage,
        StatusCode.AlreadyExists => AlreadyExistsException.DefaultMessage,
        StatusCode.PermissionDenied => PermissionDeniedException.DefaultMessage,
        StatusCode.ResourceExhausted => ResourceExhaustedException.DefaultMessage,
        StatusCode.FailedPrecondition => FailedPreconditionException.DefaultMessage,
        StatusCode.Aborted => AbortedException.DefaultMessage,
        StatusCode.OutOfRange => OutOfRangeException.DefaultMessage,
        StatusCode.Unimplemented => UnimplementedException.DefaultMessage,
        StatusCode.Internal => InternalException.DefaultMessage,
        StatusCode.Unavailable => UnavailableException.DefaultMessage,
        StatusCode.DataLoss => DataLossException.DefaultMessage,
        StatusCode.Unauthenticated => UnauthenticatedException.DefaultMessage,
        _ => StatusCodeNames.GetName(code),
    };

    /// <summary>
    /// The typed exception for a failed call: <paramref name="exception"/> itself when it already is one,
    /// otherwise the subclass for its code with the details decoded leniently from its
    /// <c>grpc-status-details-bin</c> (a missing or malformed trailer leaves the code and message as
    /// they are, with no details). Its status, trailers and inner exception are the original's.
    /// </summary>
    /// <exception cref="ArgumentException">The exception's status is OK, which is not a failure.</exception>
    public static GrpcException FromRpcException(RpcException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception as GrpcException ?? CreateRemote(StatusDetailsReader.ReadLenient(exception.Status, exception.Trailers), exception);
    }

    /// <summary>The typed exception for a status read from a call (see <see cref="FromRpcException"/>).</summary>
    internal static GrpcException CreateRemote(RichStatus richStatus, RpcException received) => RequireFailure(richStatus).Code switch
    {
        StatusCode.Cancelled => new CancelledException(richStatus, received),
        StatusCode.Unknown => new UnknownException(richStatus, received),
        StatusCode.InvalidArgument => new InvalidArgumentException(richStatus, received),
        StatusCode.DeadlineExceeded => new DeadlineExceededException(richStatus, received),
        StatusCode.NotFound => new NotFoundException(richStatus, received),
        StatusCode.AlreadyExists => new AlreadyExistsException(richStatus, received),
        StatusCode.PermissionDenied => new PermissionDeniedException(richStatus, received),
        StatusCode.ResourceExhausted => new ResourceExhaustedException(richStatus, received),
        StatusCode.FailedPrecondition => new FailedPreconditionException(richStatus, received),
        StatusCode.Aborted => new AbortedException(richStatus, received),
        StatusCode.OutOfRange => new OutOfRangeException(richStatus, received),
        StatusCode.Unimplemented => new UnimplementedException(richStatus, received),
        StatusCode.Internal => new InternalException(richStatus, received),
        StatusCode.Unavailable => new UnavailableException(richStatus, received),
        StatusCode.DataLoss => new DataLossException(richStatus, received),
        StatusCode.Unauthenticated => new UnauthenticatedException(richStatus, received),
        _ => new GrpcException(richStatus, received),
    };

    /// <summary>Packs messages as <see cref="Any"/> (used by the subclasses' constructors).</summary>
    protected static IEnumerable<Any>? Pack(IEnumerable<IMessage>? details) =>
        details?.Select(d => d as Any ?? Any.Pack(d));

    /// <summary>Checks that <paramref name="richStatus"/> has the code a subclass stands for.</summary>
    /// <exception cref="ArgumentException">The code is another one.</exception>
    protected static RichStatus RequireCode(RichStatus richStatus, StatusCode expected)
    {
        ArgumentNullException.ThrowIfNull(richStatus);
        if (richStatus.Code != expected)
        {
            throw new ArgumentException($"This exception stands for {StatusCodeNames.GetName(expected)}, but the status has {StatusCodeNames.GetName(richStatus.Code)}. Use GrpcException.Create to pick the type from the code.", nameof(richStatus));
        }

        return richStatus;
    }

    private static RichStatus RequireFailure(RichStatus richStatus)
    {
        ArgumentNullException.ThrowIfNull(richStatus);
        if (richStatus.Code == StatusCode.OK)
        {
            throw new ArgumentException("A GrpcException cannot carry StatusCode.OK: an OK status is not a failure.", nameof(richStatus));
        }

        return richStatus;
    }
}
