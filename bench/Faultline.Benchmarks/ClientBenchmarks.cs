using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Faultline.Bench;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Faultline.Benchmarks;

/// <summary>
/// The client pipeline over a <see cref="CompletedCallInvoker"/>, whose calls are already finished:
/// what <c>WithFaultline()</c> adds to a unary call against the bare invoker and against a
/// pass-through interceptor. A success only passes through; a failure is caught and its details
/// read, with Grpc.StatusProto on the plain invoker and as the typed exception with Faultline.
/// </summary>
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class ClientBenchmarks
{
    private static readonly Payload Request = BenchRequest.Create();

    private static readonly Marshaller<Payload> PayloadMarshaller = Marshallers.Create(payload => payload.ToByteArray(), Payload.Parser.ParseFrom);
    private static readonly Method<Payload, Payload> EchoMethod = new(MethodType.Unary, "bench.Bench", "Echo", PayloadMarshaller, PayloadMarshaller);

    private readonly CallInvoker _succeeding = new CompletedCallInvoker(Request, failure: null);
    private readonly CallInvoker _failing = new CompletedCallInvoker(Request, QuotaError.ToStatusProto().ToRpcException());
    private CallInvoker _succeedingPassThrough = null!;
    private CallInvoker _succeedingFaultline = null!;
    private CallInvoker _failingFaultline = null!;

    [GlobalSetup]
    public void Setup()
    {
        _succeedingPassThrough = _succeeding.Intercept(new PassThroughInterceptor());
        _succeedingFaultline = _succeeding.WithFaultline();
        _failingFaultline = _failing.WithFaultline();
    }

    [Benchmark(Baseline = true), BenchmarkCategory("Success")]
    public Task<Payload> Plain() => CallAsync(_succeeding);

    [Benchmark, BenchmarkCategory("Success")]
    public Task<Payload> PassThroughInterceptor() => CallAsync(_succeedingPassThrough);

    [Benchmark, BenchmarkCategory("Success")]
    public Task<Payload> WithFaultline() => CallAsync(_succeedingFaultline);

    [Benchmark(Baseline = true), BenchmarkCategory("Error")]
    public async Task<string> PlainErrorWithStatusProto()
    {
        try
        {
            await CallAsync(_failing);
            throw new InvalidOperationException("The call succeeded.");
        }
        catch (RpcException ex)
        {
            return ex.GetRpcStatus()!.GetDetail<Google.Rpc.QuotaFailure>().Violations[0].Subject;
        }
    }

    [Benchmark, BenchmarkCategory("Error")]
    public async Task<string> WithFaultlineTypedError()
    {
        try
        {
            await CallAsync(_failingFaultline);
            throw new InvalidOperationException("The call succeeded.");
        }
        catch (ResourceExhaustedException ex)
        {
            return ex.RichStatus.QuotaFailure!.Violations[0].Subject;
        }
    }

    private static Task<Payload> CallAsync(CallInvoker invoker)
    {
        using var call = invoker.AsyncUnaryCall(EchoMethod, null, default, Request);
        return call.ResponseAsync;
    }
}
