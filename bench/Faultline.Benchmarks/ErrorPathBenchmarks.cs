using BenchmarkDotNet.Attributes;
using Faultline.Bench;
using Grpc.Core;

namespace Faultline.Benchmarks;

/// <summary>
/// The handler's side of a failure, with no server around it: building the QuotaFailure status and
/// throwing it the Grpc.StatusProto way or as Faultline's exception (each caught, as the server
/// catches it), or setting it on the call with <c>SetRichStatus</c>. What the server then does with
/// each is in <see cref="ServerCallBenchmarks"/>.
/// </summary>
public class ErrorPathBenchmarks
{
    private readonly FakeServerCallContext _context = new();

    [Benchmark(Baseline = true)]
    public RpcException StatusProtoThrown()
    {
        try
        {
            throw QuotaError.ToStatusProto().ToRpcException();
        }
        catch (RpcException ex)
        {
            return ex;
        }
    }

    [Benchmark]
    public RpcException FaultlineThrown()
    {
        try
        {
            throw new ResourceExhaustedException(QuotaError.ToRichStatus());
        }
        catch (RpcException ex)
        {
            return ex;
        }
    }

    [Benchmark]
    public Status FaultlineSetRichStatus()
    {
        _context.Reset();
        _context.SetRichStatus(QuotaError.ToRichStatus());
        return _context.Status;
    }
}
