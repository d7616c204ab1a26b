namespace Faultline;

/// <summary>
/// A failed call: carries the <see cref="Faultline.Status"/> and the trailers the call ended with.
/// Thrown by the client for every non-OK call; thrown by a service to end its call with a status.
/// </summary>
public class GrpcException : Exception
{
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
        : base(message ?? Describe(status), innerException)
    {
        if (status.Code == StatusCode.OK)
        {
            throw new ArgumentException("A GrpcException cannot carry StatusCode.OK: an OK status is not a failure.", nameof(status));
        }

        Status = status;
        Trailers = trailers ?? new Metadata();
    }

    /// <summary>The status of the failed call.</summary>
    public Status Status { get; }

    /// <summary>Shortcut for <c>Status.Code</c>.</summary>
    public StatusCode StatusCode => Status.Code;

    /// <summary>The trailers of the call (never null; may be empty).</summary>
    public Metadata Trailers { get; }

    private static string Describe(Status status) =>
        $"Status(StatusCode=\"{status.Code}\", Message=\"{status.Message}\")";
}
