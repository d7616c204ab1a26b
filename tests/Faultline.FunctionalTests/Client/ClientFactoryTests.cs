using Faultline.FunctionalTests.Infrastructure;
using Faultline.FunctionalTests.Services;
using Grpc.Core.Interceptors;
using Grpc.Net.ClientFactory;
using Microsoft.Extensions.DependencyInjection;

namespace Faultline.FunctionalTests.Client;

/// <summary>
/// <c>AddGrpcClient&lt;T&gt;().AddFaultline()</c>: the factory's clients throw typed exceptions, and every
/// interceptor the application adds, before or after, channel or client scope, sees them typed.
/// </summary>
public class ClientFactoryTests
{
    [Fact]
    public async Task AddFaultline_FactoryClientThrowsTypedExceptions()
    {
        await using var server = await CallsServer.StartAsync();
        var services = new ServiceCollection();
        services.AddGrpcClient<Calls.CallsClient>(o => o.Address = server.Address).AddFaultline();
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<Calls.CallsClient>();

        var ex = await Assert.ThrowsAsync<NotFoundException>(async () => await client.UnaryAsync(new CallRequest { Mode = Modes.ThrowTyped, Text = "f" }));

        Assert.Equal("THING_NOT_FOUND", ex.Reason);
    }

    [Fact]
    public async Task ApplicationInterceptors_BeforeAndAfterAddFaultline_SeeTypedExceptions()
    {
        await using var server = await CallsServer.StartAsync();
        var seen = new List<string>();
        var services = new ServiceCollection();
        services.AddGrpcClient<Calls.CallsClient>(o => o.Address = server.Address)
            .AddInterceptor(() => new ObservingInterceptor("before", seen))
            .AddFaultline()
            .AddInterceptor(() => new ObservingInterceptor("after", seen))
            .AddInterceptor(InterceptorScope.Client, () => new ObservingInterceptor("client-scope", seen));
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<Calls.CallsClient>();

        await Assert.ThrowsAsync<ResourceExhaustedException>(async () => await client.UnaryAsync(new CallRequest { Mode = Modes.SetRich, Text = "i" }));

        Assert.Equal(["after: ResourceExhaustedException", "before: ResourceExhaustedException", "client-scope: ResourceExhaustedException"], seen.Order().ToArray());
    }

    [Fact]
    public async Task AddFaultline_WithStrictOptions_AppliesToThatClient()
    {
        await using var server = await CallsServer.StartAsync(faultline: false);
        var services = new ServiceCollection();
        services.AddGrpcClient<Calls.CallsClient>(o => o.Address = server.Address).AddFaultline(o => o.StrictStatusDetails = true);
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<Calls.CallsClient>();

        await Assert.ThrowsAsync<MalformedStatusDetailsException>(async () => await client.UnaryAsync(new CallRequest { Mode = Modes.ThrowMalformedDetails }));
    }

    /// <summary>Records the type of the exception each unary call ended with, as an application's logging interceptor would see it.</summary>
    private sealed class ObservingInterceptor(string name, List<string> seen) : Interceptor
    {
        public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
        {
            var call = continuation(request, context);
            return new AsyncUnaryCall<TResponse>(Observe(call.ResponseAsync), call.ResponseHeadersAsync, call.GetStatus, call.GetTrailers, call.Dispose);
        }

        private async Task<TResponse> Observe<TResponse>(Task<TResponse> response)
        {
            try
            {
                return await response;
            }
            catch (Exception ex)
            {
                lock (seen)
                {
                    seen.Add($"{name}: {ex.GetType().Name}");
                }

                throw;
            }
        }
    }
}
