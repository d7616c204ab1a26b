using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Faultline;

/// <summary>
/// A failed call. Services throw it (or one of its per-code subclasses such as
/// <see cref="NotFoundException"/>) to end a call with a status and optional rich details; the client
/// throws the subclass matching the status it received, with the decoded details.
/// </summary>
public class GrpcException : Exception
{
    /// <summary>The trailer that carries the serialized google.rpc.Status.</summary>
    public const string StatusDetailsTrailer = "grpc-status-details-bin";

    /// <summary>Creates an exception for <paramref name="status"/> with no trailers.</summary>
    public GrpcException(Status status)
        : this(status, trailers: null, message: null)
    {
    }

    /// <summary>Creates an exception for a status code and message.</summary>
    public GrpcException(StatusCode code, string? message)
        : this(new Status(code, message))
    {
    }

    /// <summary>Creates an exception for <paramref name="status"/> with the given trailers.</summary>
    /// <param name="status">The status; must not be OK.</param>
    /// <param name="trailers">Trailers sent (server) or received (client) with the status.</param>
    /// <param name="message">The exception message; defaults to a description of the status.</param>
    /// <param name="innerException">The cause, kept locally and never sent to a peer.</param>
    public GrpcException(Status status, Metadata? trailers, string? message = null, Exception? innerException = null)
        : this(ToRichStatus(status), trailers, message, innerException)
    {
    }

    /// <summary>Creates an exception for a rich status: code, message and details.</summary>
    /// <param name="richStatus">The status; its code must not be OK.</param>
    /// <param name="trailers">Trailers sent (server) or received (client) with the status.</param>
    /// <param name="message">The exception message; defaults to a description of the status.</param>
    /// <param name="innerException">The cause, kept locally and never sent to a peer.</param>
    public GrpcException(RichStatus richStatus, Metadata? trailers = null, string? message = null, Exception? innerException = null)
        : base(message ?? Describe(richStatus ?? throw new ArgumentNullException(nameof(richStatus))), innerException)
    {
        if (richStatus.Code == StatusCode.OK)
        {
            throw new ArgumentException("A GrpcException cannot carry StatusCode.OK: an OK status is not a failure.", nameof(richStatus));
        }

        RichStatus = richStatus;
        Trailers = trailers ?? new Metadata();
    }

    /// <summary>The status of the failed call.</summary>
    public Status Status => RichStatus.Status;

    /// <summary>The status with its details (empty details when none were sent).</summary>
    public RichStatus RichStatus { get; }

    /// <summary>Shortcut for <c>Status.Code</c>.</summary>
    public StatusCode StatusCode => RichStatus.Code;

    /// <summary>The canonical name of the code, e.g. <c>NOT_FOUND</c>.</summary>
    public string StatusName => StatusCodeNames.GetName(StatusCode);

    /// <summary>The trailers of the call (never null; may be empty).</summary>
    public Metadata Trailers { get; }

    /// <summary>The rich details, as <see cref="Any"/>.</summary>
    public IReadOnlyList<Any> Details => RichStatus.Details;

    /// <summary>The first detail of type <typeparamref name="T"/>, or null.</summary>
    public T? GetDetail<T>()
        where T : class, IMessage<T>, new() => RichStatus.GetDetail<T>();

    /// <summary>Every detail of type <typeparamref name="T"/>.</summary>
    public IReadOnlyList<T> GetDetails<T>()
        where T : class, IMessage<T>, new() => RichStatus.GetDetails<T>();

    /// <summary>Finds the first detail of type <typeparamref name="T"/>.</summary>
    public bool TryGetDetail<T>([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out T? detail)
        where T : class, IMessage<T>, new() => RichStatus.TryGetDetail(out detail);

    /// <summary>
    /// Creates the exception type for <paramref name="richStatus"/>'s code (NOT_FOUND →
    /// <see cref="NotFoundException"/>, ...); codes without a subclass get a plain <see cref="GrpcException"/>.
    /// </summary>
    public static GrpcException Create(RichStatus richStatus, Metadata? trailers = null, Exception? innerException = null) => richStatus.Code switch
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
        _ => new GrpcException(richStatus, trailers, message: null, innerException),
    };

    /// <summary>
    /// Creates the typed exception for a call that ended with <paramref name="status"/>, decoding
    /// <c>grpc-status-details-bin</c> from <paramref name="trailers"/> leniently: a malformed or
    /// inconsistent trailer never hides the code and message from <c>grpc-status</c>/<c>grpc-message</c>.
    /// </summary>
    /// <param name="status">The call's status from <c>grpc-status</c> and <c>grpc-message</c>.</param>
    /// <param name="trailers">The call's trailers.</param>
    /// <param name="innerException">A local cause (e.g. the transport error), never sent anywhere.</param>
    public static GrpcException FromCall(Status status, Metadata? trailers, Exception? innerException = null) =>
        Create(StatusDetailsReader.ReadLenient(status, trailers), trailers, innerException);

    /// <summary>Packs messages as <see cref="Any"/> (used by the subclasses' constructors).</summary>
    protected static IEnumerable<Any>? Pack(IEnumerable<IMessage>? details) =>
        details?.Select(d => d as Any ?? Any.Pack(d));

    /// <summary>Checks that <paramref name="richStatus"/> has the code a subclass stands for.</summary>
    protected static RichStatus RequireCode(RichStatus richStatus, StatusCode expected)
    {
        ArgumentNullException.ThrowIfNull(richStatus);
        if (richStatus.Code != expected)
        {
            throw new ArgumentException($"This exception stands for {StatusCodeNames.GetName(expected)}, but the status has {StatusCodeNames.GetName(richStatus.Code)}. Use GrpcException.Create to pick the type from the code.", nameof(richStatus));
        }

        return richStatus;
    }

    private static RichStatus ToRichStatus(Status status) => status.Code == StatusCode.OK
        ? throw new ArgumentException("A GrpcException cannot carry StatusCode.OK: an OK status is not a failure.", nameof(status))
        : new RichStatus(status.Code, status.Message);

    private static string Describe(RichStatus status) =>
        $"Status(StatusCode=\"{status.Code}\", Message=\"{status.Message}\")";
}
