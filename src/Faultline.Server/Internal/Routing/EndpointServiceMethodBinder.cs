using Faultline.Server.Internal.CallHandlers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;

namespace Faultline.Server.Internal.Routing;

/// <summary>Maps each method a generated <c>BindService</c> reports to a POST endpoint at its path.</summary>
internal sealed class EndpointServiceMethodBinder<TService> : ServiceMethodBinder<TService>
    where TService : class
{
    private readonly IEndpointRouteBuilder _endpoints;
    private readonly ServerCallServices _services;
    private readonly ServiceActivator<TService> _activator;
    private readonly TimeProvider _time;

    public EndpointServiceMethodBinder(IEndpointRouteBuilder endpoints, ServerCallServices services, ServiceActivator<TService> activator, TimeProvider time)
    {
        _endpoints = endpoints;
        _services = services;
        _activator = activator;
        _time = time;
    }

    public List<IEndpointConventionBuilder> EndpointBuilders { get; } = new();

    public List<IMethod> Methods { get; } = new();

    public override void AddUnaryMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TService, TRequest, TResponse> invoker) =>
        Map(method, new UnaryServerCallHandler<TService, TRequest, TResponse>(method, invoker, _services, _activator, _time).HandleCallAsync);

    public override void AddClientStreamingMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TService, TRequest, TResponse> invoker) =>
        Map(method, new ClientStreamingServerCallHandler<TService, TRequest, TResponse>(method, invoker, _services, _activator, _time).HandleCallAsync);

    public override void AddServerStreamingMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TService, TRequest, TResponse> invoker) =>
        Map(method, new ServerStreamingServerCallHandler<TService, TRequest, TResponse>(method, invoker, _services, _activator, _time).HandleCallAsync);

    public override void AddDuplexStreamingMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TService, TRequest, TResponse> invoker) =>
        Map(method, new DuplexStreamingServerCallHandler<TService, TRequest, TResponse>(method, invoker, _services, _activator, _time).HandleCallAsync);

    private void Map(IMethod method, RequestDelegate handler)
    {
        var builder = _endpoints.Map(RoutePatternFactory.Parse(method.FullName), handler)
            .WithMetadata(new HttpMethodMetadata([HttpMethods.Post]), method)
            .WithDisplayName($"gRPC - {method.FullName}");
        if (method.Type != MethodType.Unary)
        {
            // A stream can legitimately outlive any request timeout the application configures.
            builder.WithMetadata(new DisableRequestTimeoutAttribute());
        }

        EndpointBuilders.Add(builder);
        Methods.Add(method);
    }
}
