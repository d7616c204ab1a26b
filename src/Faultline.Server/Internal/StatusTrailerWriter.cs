using System.Globalization;
using Faultline.Protocol;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Faultline.Server.Internal;

/// <summary>
/// Writes a call's status and trailing metadata: into the HTTP/2 trailers when the response has
/// started, or into the headers (Trailers-Only) when nothing was sent yet. <c>grpc-status</c>,
/// <c>grpc-message</c> and <c>grpc-status-details-bin</c> all come from one <see cref="RichStatus"/>,
/// so they always agree, and they are written last so they override any the application set.
/// </summary>
internal static class StatusTrailerWriter
{
    private static readonly string[] CodeStrings = Enumerable.Range(0, 17).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();

    public static void Write(HttpResponse response, Status status, Metadata? trailers) =>
        Write(response, status.Code, status.Message, detailsBytes: null, trailers);

    public static void Write(HttpResponse response, RichStatus status, Metadata? trailers) =>
        Write(response, status.Code, status.Message, status.Details.Count > 0 ? status.ToTrailerBytes() : null, trailers);

    private static void Write(HttpResponse response, StatusCode code, string message, byte[]? detailsBytes, Metadata? trailers)
    {
        var destination = response.HasStarted
            ? response.HttpContext.Features.Get<IHttpResponseTrailersFeature>()?.Trailers
                ?? throw new InvalidOperationException("The server does not support HTTP/2 response trailers, which gRPC needs.")
            : response.Headers;

        if (trailers is not null)
        {
            MetadataHeaders.Append(destination, trailers);
        }

        var number = (int)code;
        destination[GrpcProtocolConstants.StatusHeader] = (uint)number < (uint)CodeStrings.Length ? CodeStrings[number] : number.ToString(CultureInfo.InvariantCulture);
        if (message.Length > 0)
        {
            destination[GrpcProtocolConstants.MessageHeader] = PercentEncoding.Encode(message);
        }
        else
        {
            destination.Remove(GrpcProtocolConstants.MessageHeader);
        }

        if (detailsBytes is not null)
        {
            destination[GrpcProtocolConstants.StatusDetailsHeader] = BinaryHeaderValue.Encode(detailsBytes);
        }
    }
}
