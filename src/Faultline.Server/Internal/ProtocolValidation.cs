using Faultline.Protocol;
using Microsoft.AspNetCore.Http;

namespace Faultline.Server.Internal;

/// <summary>
/// Rejects requests that cannot be gRPC calls before any handler runs: HTTP/1.x (426) and a
/// non-gRPC content type (415). Both answers still carry a gRPC status for clients that look.
/// </summary>
internal static class ProtocolValidation
{
    public static bool TryAccept(HttpContext http, ServerCallServices services)
    {
        var request = http.Request;
        if (!HttpProtocol.IsHttp2(request.Protocol) && !HttpProtocol.IsHttp3(request.Protocol))
        {
            ServerLog.UnsupportedProtocol(services.Logger, request.Protocol, request.Path);
            Reject(http.Response, StatusCodes.Status426UpgradeRequired, $"Request protocol '{request.Protocol}' is not supported: gRPC requires HTTP/2.");
            return false;
        }

        if (!GrpcContentType.IsGrpc(request.ContentType))
        {
            ServerLog.UnsupportedContentType(services.Logger, request.ContentType, request.Path);
            Reject(http.Response, StatusCodes.Status415UnsupportedMediaType, $"Content-Type '{request.ContentType}' is not supported: gRPC requires application/grpc.");
            return false;
        }

        return true;
    }

    private static void Reject(HttpResponse response, int httpStatus, string message)
    {
        response.StatusCode = httpStatus;
        response.ContentType = GrpcProtocolConstants.ContentType;
        StatusTrailerWriter.Write(response, new Status(StatusCode.Internal, message), trailers: null);
    }
}
