using System.Globalization;
using System.Net;
using Faultline.Protocol;

namespace Faultline.Client.Internal;

/// <summary>
/// Checks the response headers of a call before any message is read and decides whether they already
/// end the call: an HTTP/1.x answer, a Trailers-Only response, a non-200 status or a non-gRPC content type.
/// </summary>
internal static class ResponseHeaderValidator
{
    /// <summary>
    /// Returns the status that ends the call now, or null when the response is a gRPC response whose
    /// messages and trailers follow. <paramref name="trailersOnly"/> tells whether the status came from
    /// the headers (a Trailers-Only response), in which case the headers are also the trailers.
    /// </summary>
    public static Status? Validate(HttpResponseMessage response, out bool trailersOnly)
    {
        trailersOnly = false;
        if (response.Version.Major != 2)
        {
            return new Status(StatusCode.Internal, $"Bad gRPC response: the server answered with HTTP/{response.Version.ToString(2)}; gRPC needs HTTP/2.");
        }

        // grpc-status, when present, wins over the HTTP status code.
        if (ResponseStatusReader.TryRead(response.Headers, out var status))
        {
            trailersOnly = true;
            return status;
        }

        if (response.StatusCode != HttpStatusCode.OK)
        {
            var httpStatus = (int)response.StatusCode;
            return new Status(
                HttpStatusMapping.ToStatusCode(httpStatus),
                $"Bad gRPC response: HTTP status {httpStatus.ToString(CultureInfo.InvariantCulture)} ({response.ReasonPhrase ?? response.StatusCode.ToString()}) without grpc-status.");
        }

        if (!response.Content.Headers.NonValidated.TryGetValues(GrpcProtocolConstants.ContentTypeHeader, out var contentTypes))
        {
            return new Status(StatusCode.Unknown, "Bad gRPC response: the response has no content-type header.");
        }

        var contentType = contentTypes.ToString();
        if (!GrpcContentType.IsGrpc(contentType))
        {
            return new Status(StatusCode.Unknown, $"Bad gRPC response: content-type '{contentType}' is not application/grpc.");
        }

        return null;
    }
}
