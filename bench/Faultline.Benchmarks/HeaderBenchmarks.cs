using BenchmarkDotNet.Attributes;
using Faultline.Protocol;

namespace Faultline.Benchmarks;

/// <summary>The protocol's header codecs: <c>grpc-message</c> percent-encoding and <c>grpc-timeout</c>.</summary>
[MemoryDiagnoser]
public class HeaderBenchmarks
{
    // Printable ASCII without '%': the common case, returned as is.
    private const string AsciiMessage = "Deadline Exceeded";
    private const string NonAsciiMessage = "No such thing: 100% gone ✓";

    [Benchmark]
    public string PercentEncode_Ascii() => PercentEncoding.Encode(AsciiMessage);

    [Benchmark]
    public string PercentEncode_NonAscii() => PercentEncoding.Encode(NonAsciiMessage);

    [Benchmark]
    public TimeSpan GrpcTimeout_Parse()
    {
        GrpcTimeout.TryParse("1500m", out var timeout);
        return timeout;
    }

    [Benchmark]
    public string GrpcTimeout_Encode() => GrpcTimeout.Encode(TimeSpan.FromMilliseconds(1500));
}
