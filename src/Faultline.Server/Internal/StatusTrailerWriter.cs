using System.Globalization;
using Faultline.Protocol;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Faultline.Server.Internal;

/// <summary>
/// Writes a call's status and trailing metadata: into the HTTP/2 trailers when the response has
/// started, or into the headers (Trailers-Only) when nothing was sent yet. The status is written last
/// so it always overrides any <c>grpc-status</c>/<c>grpc-message</c> the application set.
/// </summary>
internal static class StatusTrailerWriter
{
    private static readonly string[] CodeStrings = Enumerable.Range(0, 17).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();

    public static void Write(HttpResponse response, Status status, Metadata? trailers)
    {
        var destination = response.HasStarted
            ? response.HttpContext.Features.Get<IHttpResponseTrailersFeature>()?.Trailers
                ?? throw new InvalidOperationException("The server does not support HTTP/2 response trailers, which gRPC needs.")
            : response.Headers;

        if (trailers is not null)
        {
            MetadataHeaders.Append(destination, trailers);
        }

        var code = (int)status.Code;
        destination[GrpcProtocolConstants.StatusHeader] = (uint)code < (uint)CodeStrings.Length ? CodeStrings[code] : code.ToString(CultureInfo.InvariantCulture);
        if (status.Message.Length > 0)
        {
            destination[GrpcProtocolConstants.MessageHeader] = PercentEncoding.Encode(status.Message);
        }
        else
        {
            destination.Remove(GrpcProtocolConstants.MessageHeader);
        }
    }
}
