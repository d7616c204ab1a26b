using Faultline.InteropTests.Infrastructure;

namespace Faultline.InteropTests;

/// <summary>
/// Test A: grpcio (python/probe_client.py) calls the Faultline server (Kestrel, h2c) hosting
/// <see cref="Services.ProbeService"/>. One test per case; each runs the script with --cases &lt;case&gt;.
/// </summary>
public sealed class PythonClientToFaultlineServerTests(FaultlineProbeServer server) : IClassFixture<FaultlineProbeServer>
{
    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(60);

    [Theory]
    [MemberData(nameof(InteropCases.All), MemberType = typeof(InteropCases))]
    public async Task PythonClient_FaultlineServer(string @case)
    {
        await Peer.Python.EnsureAvailableAsync();
        server.Clear();

        var result = await Peer.Python.RunAsync(ClientTimeout, "probe_client.py", "--port", server.Port.ToString(), "--cases", @case);

        if (@case == "cancellation")
        {
            // The client's RST_STREAM must reach the method as cancellation (logged by the server).
            await WaitForAsync(() => server.Logs.Records.Any(IsDuplexCancelled), TimeSpan.FromSeconds(5));
        }

        var details = $"{result}\n{server.Describe()}";
        Assert.True(result.Stdout.Contains($"PASS {@case}\n", StringComparison.Ordinal) && result.ExitCode == 0, $"case {@case} did not pass: {details}");
        Assert.True(server.Logs.Errors.Count == 0, $"the Faultline server logged errors: {details}");

        // Wire-level checks the Python client cannot make itself.
        switch (@case)
        {
            case "cancellation":
                Assert.True(server.Logs.Records.Any(IsDuplexCancelled), $"the server did not see the cancellation of the Duplex call: {details}");
                break;
            case "error_unary":
                // grpc-message is percent-encoded as the spec asks: UTF-8, then every byte outside 0x20-0x7E and '%' as %XX.
                Assert.True(server.Exchanges.Any(e => e.GrpcMessage == "bad %E2%9C%93 100%25"), $"no grpc-message 'bad %E2%9C%93 100%25' on the wire: {details}");
                break;
            case "unimplemented_method":
                // grpcio would also report UNIMPLEMENTED for an HTTP 404; the spec wants 200 + grpc-status 12.
                foreach (var path in new[] { "/faultline.interop.Probe/Nope", "/faultline.interop.NoSuchService/Unary" })
                {
                    Assert.True(
                        server.Exchanges.Any(e => e.Path == path && e.HttpStatus == 200 && e.GrpcStatus == "12"),
                        $"{path} was not answered with HTTP 200 and grpc-status 12: {details}");
                }

                break;
            case "compression":
                Assert.True(server.Exchanges.Any(e => e.RequestEncoding == "gzip"), $"no gzip request arrived: {details}");
                Assert.True(server.Exchanges.Any(e => e.ResponseEncoding == "gzip"), $"the server compressed no response: {details}");
                break;
        }
    }

    [Fact]
    public async Task CaseListMatchesPythonClient()
    {
        await Peer.Python.EnsureAvailableAsync();
        var result = await Peer.Python.RunAsync(ClientTimeout, "probe_client.py", "--list");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(InteropCases.Names, result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    private static bool IsDuplexCancelled(LogSink.LogRecord record) =>
        record.EventName == "CallCancelled" && record.Message.Contains("/Duplex", StringComparison.Ordinal);

    private static async Task WaitForAsync(Func<bool> condition, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (!condition() && DateTime.UtcNow < until)
        {
            await Task.Delay(50);
        }
    }
}
