using System.Runtime.CompilerServices;
using Faultline.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;

namespace Faultline.Server.Internal.Routing;

/// <summary>
/// Answers gRPC calls to unknown methods of a mapped service, and to unknown services, with HTTP 200
/// and a Trailers-Only UNIMPLEMENTED status, as the protocol asks (never a 404).
/// </summary>
internal static class UnimplementedEndpoints
{
    private static readonly Status MethodUnimplemented = new(StatusCode.Unimplemented, "Method is unimplemented.");
    private static readonly Status ServiceUnimplemented = new(StatusCode.Unimplemented, "Service is unimplemented.");
    private static readonly ConditionalWeakTable<IEndpointRouteBuilder, object> ServiceFallbackMapped = new();

    public static void MapForService(IEndpointRouteBuilder endpoints, ServerCallServices services, string serviceName)
    {
        var pattern = RoutePatternFactory.Parse(
            "/" + serviceName + "/{unimplementedMethod}",
            defaults: null,
            parameterPolicies: new RouteValueDictionary { ["unimplementedMethod"] = new GrpcUnimplementedConstraint() });
        endpoints.Map(pattern, http => Respond(http, services, MethodUnimplemented))
            .WithMetadata(new HttpMethodMetadata([HttpMethods.Post]))
            .WithDisplayName($"gRPC - unimplemented method of {serviceName}");

        if (ServiceFallbackMapped.TryAdd(endpoints, new object()))
        {
            var anyService = RoutePatternFactory.Parse(
                "{unimplementedService}/{unimplementedMethod}",
                defaults: null,
                parameterPolicies: new RouteValueDictionary { ["unimplementedService"] = new GrpcUnimplementedConstraint() });
            endpoints.Map(anyService, http => Respond(http, services, ServiceUnimplemented))
                .WithMetadata(new HttpMethodMetadata([HttpMethods.Post]))
                .WithDisplayName("gRPC - unimplemented service");
        }
    }

    private static Task Respond(HttpContext http, ServerCallServices services, Status status)
    {
        if (!ProtocolValidation.TryAccept(http, services))
        {
            return Task.CompletedTask;
        }

        ServerLog.Unimplemented(services.Logger, http.Request.Path);
        http.Response.ContentType = GrpcProtocolConstants.ContentType;
        StatusTrailerWriter.Write(http.Response, status, trailers: null);
        return Task.CompletedTask;
    }
}
