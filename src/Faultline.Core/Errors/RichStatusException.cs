namespace Faultline;

/// <summary>The base of errors found while reading a rich status from a call.</summary>
public abstract class RichStatusException : Exception
{
    /// <summary>Creates the exception.</summary>
    protected RichStatusException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}

/// <summary>The <c>grpc-status-details-bin</c> trailer is not a valid google.rpc.Status.</summary>
public sealed class MalformedStatusDetailsException : RichStatusException
{
    /// <summary>Creates the exception.</summary>
    public MalformedStatusDetailsException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// A strict read found that the google.rpc.Status in <c>grpc-status-details-bin</c> disagrees with the
/// call's <c>grpc-status</c> or <c>grpc-message</c> (as grpcio-status's <c>from_call</c> checks).
/// </summary>
public sealed class RichStatusMismatchException : RichStatusException
{
    /// <summary>Creates the exception.</summary>
    public RichStatusMismatchException(string message)
        : base(message)
    {
    }
}
