using Faultline.Internal.Wire;
using Google.Protobuf;
using Grpc.Core;

namespace Faultline;

/// <summary>
/// Reads the rich status of a finished call from its <c>grpc-status-details-bin</c> trailer, either
/// leniently (never fails) or strictly (like grpcio-status's <c>from_call</c>).
/// </summary>
public static class StatusDetailsReader
{
    /// <summary>
    /// Strict read: null when the call carried no details trailer; otherwise the decoded status, after
    /// checking that its code and then its message equal the call's.
    /// </summary>
    /// <exception cref="MalformedStatusDetailsException">The trailer is not a google.rpc.Status.</exception>
    /// <exception cref="RichStatusMismatchException">The code or message disagree with the call's status.</exception>
    public static RichStatus? ReadStrict(Status status, Metadata? trailers)
    {
        if (FindDetails(trailers) is not { } bytes)
        {
            return null;
        }

        RichStatus rich;
        try
        {
            rich = RichStatus.FromTrailerBytes(bytes);
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new MalformedStatusDetailsException(status, trailers!, ex);
        }

        if (rich.Code != status.StatusCode)
        {
            throw new RichStatusMismatchException(status, trailers!, rich, $"Code in the google.rpc.Status ({StatusCodeNames.GetName(rich.Code)}) does not match the call's status code ({StatusCodeNames.GetName(status.StatusCode)}).");
        }

        if (!string.Equals(rich.Message, status.Detail, StringComparison.Ordinal))
        {
            throw new RichStatusMismatchException(status, trailers!, rich, $"Message in the google.rpc.Status (\"{rich.Message}\") does not match the call's status message (\"{status.Detail}\").");
        }

        return rich;
    }

    /// <summary>Strict read of a failed call's exception (see <see cref="ReadStrict(Status, Metadata?)"/>).</summary>
    public static RichStatus? ReadStrict(RpcException exception)
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
        if (FindDetails(trailers) is { } bytes && RichStatus.TryFromTrailerBytes(bytes, out var rich))
        {
            return new RichStatus(status.StatusCode, status.Detail, rich.Details);
        }

        return new RichStatus(status.StatusCode, status.Detail);
    }

    /// <summary>Lenient read of a failed call's exception (see <see cref="ReadLenient(Status, Metadata?)"/>).</summary>
    public static RichStatus ReadLenient(RpcException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return ReadLenient(exception.Status, exception.Trailers);
    }

    // grpc-dotnet's Metadata.Get returns the last entry of a key, as Grpc.StatusProto reads it.
    private static byte[]? FindDetails(Metadata? trailers) =>
        trailers?.Get(StatusHeaderNames.StatusDetails) is { IsBinary: true } entry ? entry.ValueBytes : null;
}
