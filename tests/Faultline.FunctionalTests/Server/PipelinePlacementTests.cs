using Faultline.FunctionalTests.Infrastructure;
using Faultline.FunctionalTests.Services;
using Grpc.AspNetCore.Server;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.DependencyInjection;

namespace Faultline.FunctionalTests.Server;

/// <summary>
/// Faultline's pipeline is outermost whatever the registration order, so the failures of the
/// application's own interceptors are handled like the handlers'; the per-service form covers one
/// service, and with both forms installed a failure is written once.
/// </summary>
public class PipelinePlacementTests
{
    [Fact]
    public async Task InterceptorRegisteredBeforeAddFaultline_ItsExceptionsAreHandled()
    {
        await using var server = await CallsServer.StartAsync(grpcOptions: o => o.Interceptors.Add<FailingInterceptor>());
        var client = server.CreateFaultlineClient();

        var typed = await Assert.ThrowsAsync<UnauthenticatedException>(async () => await client.UnaryAsync(new CallRequest(), Fail("typed")));
        var unexpected = await Assert.ThrowsAsync<UnknownException>(async () => await client.UnaryAsync(new CallRequest(), Fail("unexpected")));

        Assert.Equal("Who are you?", typed.Status.Detail);
        Assert.Single(typed.Trailers, e => e.Key == "grpc-status-details-bin");
        Assert.Equal("Exception was thrown by handler.", unexpected.Status.Detail);
    }

    [Fact]
    public async Task InterceptorRegisteredAfterAddFaultline_ItsExceptionsAreHandled()
    {
        await using var server = await CallsServer.StartAsync(configureBuilder: b => b.Services.Configure<GrpcServiceOptions>(o => o.Interceptors.Add<FailingInterceptor>()));
        var client = server.CreateFaultlineClient();

        var ex = await Assert.ThrowsAsync<UnknownException>(async () => await client.ServerStream(new CallRequest(), Fail("unexpected")).ResponseStream.MoveNext());

        Assert.Equal("Exception was thrown by handler.", ex.Status.Detail);
        server.Logs.AssertNoUnexpectedErrors("UnexpectedException");
    }

    [Fact]
    public async Task AddFaultlineTwice_InstallsOnePipeline()
    {
        await using var server = await CallsServer.StartAsync(configureBuilder: b => b.Services.AddGrpc().AddFaultline());

        var options = server.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<GrpcServiceOptions>>().Value;

        Assert.Single(options.Interceptors, r => r.Type.FullName!.StartsWith("Faultline.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PerServiceForm_CoversTheService_WithItsOwnOptions()
    {
        await using var server = await CallsServer.StartAsync(
            faultline: false,
            configureBuilder: b => b.Services.AddGrpc().AddFaultline<CallsService>(o => o.UnexpectedExceptionStatusCode = StatusCode.Internal));
        using var raw = new RawGrpcClient(server.Address);

        var status = WireStatus.Read(await raw.PostAsync(CallPaths.Unary, RawGrpcClient.Body(new CallRequest { Mode = Modes.ThrowUnexpected }))).AssertAgree();
        var set = WireStatus.Read(await raw.PostAsync(CallPaths.Unary, RawGrpcClient.Body(new CallRequest { Mode = Modes.SetRich, Text = "a" })));

        Assert.Equal(StatusCode.Internal, status.Code);
        Assert.NotNull(status.Proto);
        Assert.True(set.TrailersOnly);
        server.Logs.AssertNoUnexpectedErrors("UnexpectedException");
    }

    [Fact]
    public async Task GlobalAndPerServiceForms_TheServiceOneDecides_AndTheStatusIsWrittenOnce()
    {
        await using var server = await CallsServer.StartAsync(
            configureBuilder: b => b.Services.AddGrpc().AddFaultline<CallsService>(o => o.UnexpectedExceptionStatusCode = StatusCode.Internal));
        using var raw = new RawGrpcClient(server.Address);

        foreach (var kind in CallPaths.AllKinds)
        {
            var status = WireStatus.Read(await raw.PostAsync(CallPaths.Of(kind), CallRunner.RawBody(kind, new CallRequest { Mode = Modes.ThrowUnexpected }))).AssertAgree();

            Assert.Equal(StatusCode.Internal, status.Code);
            Assert.Single(status.Values("grpc-status-details-bin"));
        }

        Assert.Equal(4, server.Logs.Errors.Count(e => e.EventName == "UnexpectedException"));
    }

    private static CallOptions Fail(string how) => new(headers: new Metadata { { FailingInterceptor.Header, how } });

    /// <summary>An application interceptor that fails calls carrying its header, before the handler runs.</summary>
    private sealed class FailingInterceptor : Interceptor
    {
        public const string Header = "x-fail-in-interceptor";

        public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
        {
            FailIfAsked(context);
            return continuation(request, context);
        }

        public override Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
        {
            FailIfAsked(context);
            return continuation(request, responseStream, context);
        }

        private static void FailIfAsked(ServerCallContext context)
        {
            switch (context.RequestHeaders.GetValue(Header))
            {
                case "typed":
                    throw new UnauthenticatedException("Who are you?");
                case "unexpected":
                    throw new InvalidOperationException("interceptor bug");
            }
        }
    }
}
