namespace Faultline.Protocol;

/// <summary>
/// The gRPC code for an HTTP response that did not carry <c>grpc-status</c>
/// (http-grpc-status-mapping.md in grpc/grpc).
/// </summary>
internal static class HttpStatusMapping
{
    public static StatusCode ToStatusCode(int httpStatus) => httpStatus switch
    {
        400 => StatusCode.Internal,
        401 => StatusCode.Unauthenticated,
        403 => StatusCode.PermissionDenied,
        404 => StatusCode.Unimplemented,
        429 or 502 or 503 or 504 => StatusCode.Unavailable,
        _ => StatusCode.Unknown,
    };
}
