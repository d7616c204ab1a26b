using System.Buffers;
using BenchmarkDotNet.Attributes;
using Faultline.Bench;
using Faultline.Protocol;
using Faultline.Server;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Faultline.Benchmarks;

/// <summary>
/// One unary call through the real ASP.NET Core pipeline in process, without the network or Kestrel:
/// routing (<c>UseRouting</c>/<c>UseEndpoints</c>) and then the endpoint, for the Faultline server
/// (endpoints from <c>MapGrpcService</c>) and for the hand-written raw handler the load test also
/// uses, each in its own application, on the same simulated HTTP/2 request (see
/// <see cref="InProcessCall"/>). 64-byte payload. What this leaves out, and the load test includes:
/// Kestrel's HTTP/2 framing and HPACK, the sockets, and the client.
/// </summary>
[MemoryDiagnoser]
[ExceptionDiagnoser]
public class CallPipelineBenchmarks
{
    private readonly List<WebApplication> _apps = new();
    private RequestDelegate _raw = null!;
    private RequestDelegate _faultline = null!;
    private RequestDelegate _faultlineNoFallback = null!;
    private InProcessCall _rawCall = null!;
    private InProcessCall _unaryCall = null!;
    private InProcessCall _noFallbackCall = null!;
    private InProcessCall _deadlineCall = null!;
    private InProcessCall _failCall = null!;
    private byte[] _frame = null!;

    [GlobalSetup]
    public void Setup()
    {
        var payload = new byte[64];
        new Random(42).NextBytes(payload);
        var writer = new ArrayBufferWriter<byte>();
        GrpcMessageWriter.Write(writer, new BytesValue { Value = ByteString.CopyFrom(payload) }, EchoMethods.Marshaller, null, null, "request");
        _frame = writer.WrittenSpan.ToArray();

        (_raw, var rawScopes) = Pipeline(_ => { }, e => e.MapPost(EchoMethods.UnaryPath, (RequestDelegate)RawEchoHandler.HandleAsync));
        (_faultline, var scopes) = Pipeline(s => s.AddFaultline(), e => e.MapGrpcService<EchoService>());
        (_faultlineNoFallback, var noFallbackScopes) = Pipeline(s => s.AddFaultline(o => o.MapUnimplementedCalls = false), e => e.MapGrpcService<EchoService>());

        _rawCall = new InProcessCall(EchoMethods.UnaryPath, _frame, rawScopes);
        _unaryCall = new InProcessCall(EchoMethods.UnaryPath, _frame, scopes);
        _noFallbackCall = new InProcessCall(EchoMethods.UnaryPath, _frame, noFallbackScopes);
        _deadlineCall = new InProcessCall(EchoMethods.UnaryPath, _frame, scopes, timeout: "10S");
        _failCall = new InProcessCall(EchoMethods.Fail.FullName, _frame, scopes);

        // Every benchmark must do what it claims: check a call of each before measuring (twice, so
        // per-call state is known to be reset).
        for (var i = 0; i < 2; i++)
        {
            Check(_rawCall, _raw, ok: true);
            Check(_unaryCall, _faultline, ok: true);
            Check(_noFallbackCall, _faultlineNoFallback, ok: true);
            Check(_deadlineCall, _faultline, ok: true);
            Check(_failCall, _faultline, ok: false);
        }
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        foreach (var app in _apps)
        {
            await app.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The hand-written handler: what the protocol needs and nothing more.</summary>
    [Benchmark(Baseline = true)]
    public Task Raw_Unary() => Run(_rawCall, _raw);

    /// <summary>The Faultline server with default options.</summary>
    [Benchmark]
    public Task Faultline_Unary() => Run(_unaryCall, _faultline);

    /// <summary>As <see cref="Faultline_Unary"/> with <c>MapUnimplementedCalls = false</c>: no UNIMPLEMENTED fallback routes.</summary>
    [Benchmark]
    public Task Faultline_Unary_NoFallbackRoutes() => Run(_noFallbackCall, _faultlineNoFallback);

    /// <summary>The client sent <c>grpc-timeout</c>: the call gets a deadline timer, a linked token and a write lock.</summary>
    [Benchmark]
    public Task Faultline_Unary_Deadline() => Run(_deadlineCall, _faultline);

    /// <summary>The error path: the method throws <see cref="GrpcException"/> (NOT_FOUND), answered Trailers-Only.</summary>
    [Benchmark]
    public Task Faultline_Fail_GrpcException() => Run(_failCall, _faultline);

    private (RequestDelegate Pipeline, IServiceScopeFactory Scopes) Pipeline(Action<IServiceCollection> services, Action<IEndpointRouteBuilder> map)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        services(builder.Services);
        var app = builder.Build();
        _apps.Add(app);

        var pipeline = new ApplicationBuilder(app.Services);
        pipeline.UseRouting();
        pipeline.UseEndpoints(map);
        return (pipeline.Build(), app.Services.GetRequiredService<IServiceScopeFactory>());
    }

    private static async Task Run(InProcessCall call, RequestDelegate pipeline)
    {
        var http = call.Begin();
        await pipeline(http).ConfigureAwait(false);
        await call.EndAsync().ConfigureAwait(false);
    }

    private void Check(InProcessCall call, RequestDelegate pipeline, bool ok)
    {
        Run(call, pipeline).GetAwaiter().GetResult();
        if (call.StatusCode != StatusCodes.Status200OK)
        {
            throw new InvalidOperationException($"HTTP status {call.StatusCode}: the request did not reach the endpoint.");
        }

        if (ok)
        {
            if (call.ResponseTrailers["grpc-status"] != "0" || !call.ResponseBody.SequenceEqual(_frame))
            {
                throw new InvalidOperationException($"The call did not echo: trailers={string.Join(";", call.ResponseTrailers)}, headers={string.Join(";", call.ResponseHeaders)}, body={call.ResponseBody.Length} bytes.");
            }
        }
        else if (call.ResponseTrailers.Count != 0 || call.ResponseBody.Length != 0 || call.ResponseHeaders["grpc-status"] != "5" || call.ResponseHeaders["grpc-message"] != EchoService.FailMessage)
        {
            // Trailers-Only: the status is in the headers, with no body and no trailers.
            throw new InvalidOperationException($"The call did not fail as expected: headers={string.Join(";", call.ResponseHeaders)}, trailers={string.Join(";", call.ResponseTrailers)}, body={call.ResponseBody.Length} bytes.");
        }
    }
}
