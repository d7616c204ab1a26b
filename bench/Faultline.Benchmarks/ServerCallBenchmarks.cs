using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Faultline.Bench;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Faultline.Benchmarks;

/// <summary>
/// Whole unary calls in one process: Grpc.Net.Client over Microsoft.AspNetCore.TestHost into a real
/// grpc-dotnet server (routing, call handler, interceptor pipeline, serialization, trailers), with
/// no sockets. Three servers run the same <see cref="BenchService"/>: grpc-dotnet alone, with a
/// pass-through interceptor (what grpc-dotnet charges for any interceptor), and with
/// <c>AddFaultline()</c>. The client's share is the same in every row of a category, so the
/// differences are the server's. The last category puts <c>WithFaultline()</c> on the client of the
/// bare server: a real in-flight call, unlike <see cref="ClientBenchmarks"/>.
/// </summary>
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class ServerCallBenchmarks
{
    private static readonly Payload Request = BenchRequest.Create();

    private readonly List<WebApplication> _servers = [];
    private Bench.Bench.BenchClient _bare = null!;
    private Bench.Bench.BenchClient _passThrough = null!;
    private Bench.Bench.BenchClient _faultline = null!;
    private Bench.Bench.BenchClient _bareWithFaultlineClient = null!;

    [GlobalSetup]
    public void Setup()
    {
        var bare = Start(services => services.AddGrpc());
        _bare = new Bench.Bench.BenchClient(bare);
        _bareWithFaultlineClient = new Bench.Bench.BenchClient(bare.WithFaultline());
        _passThrough = new Bench.Bench.BenchClient(Start(services =>
        {
            // A singleton, as Faultline's own is, so it is not created per call.
            services.AddSingleton<PassThroughInterceptor>();
            services.AddGrpc(options => options.Interceptors.Add<PassThroughInterceptor>());
        }));
        _faultline = new Bench.Bench.BenchClient(Start(services => services.AddGrpc().AddFaultline()));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var server in _servers)
        {
            server.StopAsync().GetAwaiter().GetResult();
        }
    }

    [Benchmark(Baseline = true), BenchmarkCategory("Success")]
    public Task<Payload> SuccessBare() => _bare.EchoAsync(Request).ResponseAsync;

    [Benchmark, BenchmarkCategory("Success")]
    public Task<Payload> SuccessPassThroughInterceptor() => _passThrough.EchoAsync(Request).ResponseAsync;

    [Benchmark, BenchmarkCategory("Success")]
    public Task<Payload> SuccessFaultline() => _faultline.EchoAsync(Request).ResponseAsync;

    [Benchmark(Baseline = true), BenchmarkCategory("Error")]
    public Task<StatusCode> ErrorBareStatusProtoThrown() => FailAsync(_bare.FailStatusProtoAsync(Request));

    [Benchmark, BenchmarkCategory("Error")]
    public Task<StatusCode> ErrorBareStatusProtoSet() => FailAsync(_bare.FailStatusProtoSetAsync(Request));

    [Benchmark, BenchmarkCategory("Error")]
    public Task<StatusCode> ErrorFaultlineThrown() => FailAsync(_faultline.FailThrowAsync(Request));

    [Benchmark, BenchmarkCategory("Error")]
    public Task<StatusCode> ErrorFaultlineSetRichStatus() => FailAsync(_faultline.FailSetAsync(Request));

    [Benchmark(Baseline = true), BenchmarkCategory("Client")]
    public Task<Payload> ClientPlain() => _bare.EchoAsync(Request).ResponseAsync;

    [Benchmark, BenchmarkCategory("Client")]
    public Task<Payload> ClientWithFaultline() => _bareWithFaultlineClient.EchoAsync(Request).ResponseAsync;

    private static async Task<StatusCode> FailAsync(AsyncUnaryCall<Payload> call)
    {
        try
        {
            await call;
            throw new InvalidOperationException("The call succeeded.");
        }
        catch (RpcException ex) when (ex.StatusCode == QuotaError.Code)
        {
            return ex.StatusCode;
        }
    }

    private GrpcChannel Start(Action<IServiceCollection> configure)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseTestServer();
        configure(builder.Services);
        var app = builder.Build();
        app.MapGrpcService<BenchService>();
        app.StartAsync().GetAwaiter().GetResult();
        _servers.Add(app);
        return GrpcChannel.ForAddress("http://localhost", new GrpcChannelOptions { HttpHandler = app.GetTestServer().CreateHandler() });
    }
}
