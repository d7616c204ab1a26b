using System.Globalization;
using System.Net.Http.Headers;
using Faultline.Protocol;

namespace Faultline.Client.Internal;

/// <summary>Reads <c>grpc-status</c> and <c>grpc-message</c> from response headers or trailers.</summary>
internal static class ResponseStatusReader
{
    /// <summary>Returns false when <paramref name="headers"/> carry no <c>grpc-status</c>.</summary>
    public static bool TryRead(HttpHeaders headers, out Status status)
    {
        var fields = headers.NonValidated;
        if (!fields.TryGetValues(GrpcProtocolConstants.StatusHeader, out var statusValues))
        {
            status = default;
            return false;
        }

        var message = fields.TryGetValues(GrpcProtocolConstants.MessageHeader, out var messageValues)
            ? PercentEncoding.Decode(messageValues.ToString())
            : string.Empty;

        var raw = statusValues.ToString();
        if (!int.TryParse(raw.AsSpan().Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var code))
        {
            status = new Status(StatusCode.Unknown, $"The server sent an invalid grpc-status '{raw}'. grpc-message: '{message}'");
            return true;
        }

        // Codes beyond the known range are passed on as they are: the number still means something to the peer.
        status = new Status((StatusCode)code, message);
        return true;
    }
}
