using Faultline.Protocol;

namespace Faultline;

/// <summary>
/// Reads the rich status of a finished call from its <c>grpc-status-details-bin</c> trailer, either
/// leniently (never fails) or strictly (like grpcio-status's <c>from_call</c>).
/// </summary>
public static class StatusDetailsReader
{
    /// <summary>
    /// Strict read: returns null when the call carried no details trailer; otherwise the decoded
    /// status, after checking that its code and then its message equal the call's.
    /// </summary>
    /// <exception cref="MalformedStatusDetailsException">The trailer is not a google.rpc.Status.</exception>
    /// <exception cref="RichStatusMismatchException">The code or message disagree with the call's status.</exception>
    public static RichStatus? ReadStrict(Status status, Metadata? trailers)
    {
        var bytes = trailers?.Get(GrpcProtocolConstants.StatusDetailsHeader)?.ValueBytes;
        if (bytes is null)
        {
            return null;
        }

        var rich = RichStatus.FromTrailerBytes(bytes);
        if (rich.Code != status.Code)
        {
            throw new RichStatusMismatchException($"Code in the google.rpc.Status ({StatusCodeNames.GetName(rich.Code)}) does not match the call's status code ({StatusCodeNames.GetName(status.Code)}).");
        }

        if (!string.Equals(rich.Message, status.Message, StringComparison.Ordinal))
        {
            throw new RichStatusMismatchException($"Message in the google.rpc.Status (\"{rich.Message}\") does not match the call's status message (\"{status.Message}\").");
        }

        return rich;
    }

    /// <summary>Strict read of a failed call's exception (see <see cref="ReadStrict(Status, Metadata?)"/>).</summary>
    public static RichStatus? ReadStrict(GrpcException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return ReadStrict(exception.Status, exception.Trailers);
    }

    /// <summary>
    /// Lenient read: code and message always come from the call's status; details come from the
    /// trailer when it parses, and are empty when it is missing or malformed.
    /// </summary>
    public static RichStatus ReadLenient(Status status, Metadata? trailers)
    {
        var bytes = trailers?.Get(GrpcProtocolConstants.StatusDetailsHeader) is { IsBinary: true } entry ? entry.ValueBytes : null;
        if (bytes is not null && RichStatus.TryFromTrailerBytes(bytes, out var rich))
        {
            return new RichStatus(status.Code, status.Message, rich.Details);
        }

        return new RichStatus(status.Code, status.Message);
    }
}
