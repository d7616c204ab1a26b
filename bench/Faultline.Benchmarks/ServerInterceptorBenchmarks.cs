using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Faultline.AspNetCore.Internal;
using Faultline.Bench;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.DependencyInjection;

namespace Faultline.Benchmarks;

/// <summary>
/// What Faultline's server interceptor itself costs on a successful unary call: its
/// <c>UnaryServerHandler</c> called directly, as grpc-dotnet's pipeline calls it, on a fake
/// <see cref="ServerCallContext"/>, against no interceptor and against a pass-through one. The
/// interceptor comes from the container <c>AddGrpc().AddFaultline()</c> fills, as in a real server.
/// The failure rows are Faultline's whole server-side work for the QuotaFailure (building it, the
/// handler's throw or SetRichStatus, the pipeline writing the status): everything but grpc-dotnet's
/// own writing of the response.
/// </summary>
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class ServerInterceptorBenchmarks
{
    private static readonly Payload Request = BenchRequest.Create();
    private static readonly Task<Payload> Reply = Task.FromResult(Request);
    private static readonly UnaryServerMethod<Payload, Payload> Handler = (request, context) => Reply;
    private static readonly UnaryServerMethod<Payload, Payload> Throwing = (request, context) => throw new ResourceExhaustedException(QuotaError.ToRichStatus());
    private static readonly UnaryServerMethod<Payload, Payload> Setting = (request, context) =>
    {
        context.SetRichStatus(QuotaError.ToRichStatus());
        return Task.FromResult(new Payload());
    };

    private readonly FakeServerCallContext _context = new();
    private readonly Interceptor _passThrough = new PassThroughInterceptor();
    private ServiceProvider _services = null!;
    private Interceptor _faultline = null!;

    [GlobalSetup]
    public void Setup()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddGrpc().AddFaultline();
        _services = services.BuildServiceProvider();
        _faultline = _services.GetRequiredService<FaultlineServerInterceptor>();
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    [Benchmark(Baseline = true), BenchmarkCategory("Success")]
    public Task<Payload> NoInterceptor() => Handler(Request, _context);

    [Benchmark, BenchmarkCategory("Success")]
    public Task<Payload> PassThroughInterceptor() => _passThrough.UnaryServerHandler(Request, _context, Handler);

    [Benchmark, BenchmarkCategory("Success")]
    public Task<Payload> FaultlineInterceptor() => _faultline.UnaryServerHandler(Request, _context, Handler);

    [Benchmark(Baseline = true), BenchmarkCategory("Failure")]
    public Task<Payload> FaultlineThrown()
    {
        _context.Reset();
        return _faultline.UnaryServerHandler(Request, _context, Throwing);
    }

    [Benchmark, BenchmarkCategory("Failure")]
    public Task<Payload> FaultlineSetRichStatus()
    {
        _context.Reset();
        return _faultline.UnaryServerHandler(Request, _context, Setting);
    }
}
