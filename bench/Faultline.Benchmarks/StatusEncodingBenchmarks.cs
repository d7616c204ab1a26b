using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Faultline.Bench;
using Faultline.Internal.Wire;
using Grpc.Core;

namespace Faultline.Benchmarks;

/// <summary>
/// The QuotaFailure status to and from its trailers. Encoding: Grpc.StatusProto's
/// <c>ToRpcException()</c> (serialize, one trailer) against Faultline's <c>StatusEncoder</c> (which
/// also checks the trailer budget, filters DebugInfo and looks for RetryInfo pushback) and a whole
/// <see cref="ResourceExhaustedException"/>. Decoding, from a received RpcException: Grpc.StatusProto's
/// <c>GetRpcStatus()</c> against Faultline's strict reader (which also checks that the details agree
/// with grpc-status and grpc-message) and lenient <c>GetRichStatus()</c>.
/// </summary>
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class StatusEncodingBenchmarks
{
    private Google.Rpc.Status _proto = null!;
    private RichStatus _richStatus = null!;
    private RpcException _received = null!;

    [GlobalSetup]
    public void Setup()
    {
        _proto = QuotaError.ToStatusProto();
        _richStatus = QuotaError.ToRichStatus();
        // As a client receives it: a plain RpcException with the status and its trailer.
        var sent = _proto.ToRpcException();
        _received = new RpcException(sent.Status, sent.Trailers);
    }

    [Benchmark(Baseline = true), BenchmarkCategory("Encode")]
    public RpcException StatusProtoToRpcException() => _proto.ToRpcException();

    [Benchmark, BenchmarkCategory("Encode")]
    public object FaultlineStatusEncoder() => StatusEncoder.Encode(_richStatus, null, StatusEncodingPolicy.Default);

    [Benchmark, BenchmarkCategory("Encode")]
    public RpcException FaultlineException() => new ResourceExhaustedException(_richStatus);

    [Benchmark(Baseline = true), BenchmarkCategory("Decode")]
    public Google.Rpc.Status? StatusProtoGetRpcStatus() => _received.GetRpcStatus();

    [Benchmark, BenchmarkCategory("Decode")]
    public RichStatus? FaultlineReadStrict() => StatusDetailsReader.ReadStrict(_received);

    [Benchmark, BenchmarkCategory("Decode")]
    public RichStatus FaultlineGetRichStatus() => _received.GetRichStatus();
}
