using Faultline.Protocol;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Faultline.Server.Internal.Routing;

/// <summary>Lets the UNIMPLEMENTED fallbacks match only gRPC requests: POST with a gRPC content type.</summary>
internal sealed class GrpcUnimplementedConstraint : IRouteConstraint
{
    public bool Match(HttpContext? httpContext, IRouter? route, string routeKey, RouteValueDictionary values, RouteDirection routeDirection) =>
        httpContext is not null
        && HttpMethods.IsPost(httpContext.Request.Method)
        && GrpcContentType.IsGrpc(httpContext.Request.ContentType);
}
