using Faultline.Client;
using Faultline.FunctionalTests.Infrastructure;
using Faultline.FunctionalTests.Services;
using Google.Protobuf.WellKnownTypes;

namespace Faultline.FunctionalTests.ClientServer;

/// <summary>The Faultline client against the Faultline server, both real, over loopback h2c.</summary>
public abstract class ClientServerTestBase : IAsyncLifetime
{
    protected TestServer Server { get; private set; } = null!;

    protected GrpcChannel Channel { get; private set; } = null!;

    protected CallInvoker Invoker { get; private set; } = null!;

    protected virtual Action<Faultline.Server.FaultlineServerOptions>? ConfigureServer => null;

    protected virtual GrpcChannelOptions? ChannelOptions => null;

    protected static StringValue Str(string value) => new() { Value = value };

    protected static Int32Value Int(int value) => new() { Value = value };

    public async Task InitializeAsync()
    {
        Server = await TestServer.StartAsync(ConfigureServer, map: app => Microsoft.AspNetCore.Builder.EndpointRouteBuilderExtensions.MapPost(app, "/plain.Service/Unavailable", (Microsoft.AspNetCore.Http.HttpContext http) =>
        {
            http.Response.StatusCode = 503;
            return Task.CompletedTask;
        }));
        Channel = GrpcChannel.ForAddress(Server.Address, ChannelOptions);
        Invoker = Channel.CreateCallInvoker();
    }

    public async Task DisposeAsync()
    {
        Channel.Dispose();
        await Server.DisposeAsync();
    }

    protected AsyncUnaryCall<TResponse> Unary<TRequest, TResponse>(Method<TRequest, TResponse> method, TRequest request, CallOptions options = default)
        where TRequest : class
        where TResponse : class => Invoker.AsyncUnaryCall(method, null, options, request);
}
