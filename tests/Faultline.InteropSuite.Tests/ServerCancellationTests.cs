using Faultline.Interop;
using Faultline.InteropSuite.Tests.Infrastructure;
using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Testing;

namespace Faultline.InteropSuite.Tests;

/// <summary>
/// A client's cancellation (RST_STREAM) while the service method waits in <c>requestStream.MoveNext</c>:
/// Kestrel fails the pending body read with <c>IOException: The client reset the request stream.</c>
/// and cancels the call's token a moment later. Faultline's server pipeline must end such a call
/// CANCELLED (1) and log no error, whichever of the two it sees first.
/// </summary>
public sealed class ServerCancellationTests(FaultlineServerFixture server, ITestOutputHelper output) : IClassFixture<FaultlineServerFixture>
{
    private static readonly TimeSpan Park = TimeSpan.FromMilliseconds(300);

    [Theory]
    [InlineData("FullDuplexCall")]
    [InlineData("StreamingInputCall")]
    public async Task ClientCancellation_DuringRequestStreamRead_EndsCancelled_WithoutAnErrorLog(string method)
    {
        server.Reset();
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{server.Port}");
        var client = new TestService.TestServiceClient(channel.WithFaultline());
        using var cts = new CancellationTokenSource();
        if (method == "FullDuplexCall")
        {
            using var call = client.FullDuplexCall(cancellationToken: cts.Token);
            var request = new StreamingOutputCallRequest { Payload = Payloads.Zeros(10) };
            request.ResponseParameters.Add(new ResponseParameters { Size = 10 });
            await call.RequestStream.WriteAsync(request).WaitAsync(TimeSpan.FromSeconds(10));
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)));
            await Task.Delay(Park); // the method is back in MoveNext, waiting for the next request
            cts.Cancel();
            await Assert.ThrowsAsync<CancelledException>(() => call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)));
        }
        else
        {
            using var call = client.StreamingInputCall(cancellationToken: cts.Token);
            await call.RequestStream.WriteAsync(new StreamingInputCallRequest { Payload = Payloads.Zeros(10) }).WaitAsync(TimeSpan.FromSeconds(10));
            await Task.Delay(Park); // the method has read the message and waits for the next
            cts.Cancel();
            await Assert.ThrowsAsync<CancelledException>(() => call.ResponseAsync.WaitAsync(TimeSpan.FromSeconds(10)));
        }

        await server.WaitForCallsToEndAsync();
        var calls = server.Wire.Calls.Where(c => c.Method == method).ToList();
        var problems = new List<string>();
        problems.AddRange(server.Logs.Errors.Select(e => "server logged an error: " + e));
        problems.AddRange(calls.Where(c => c.GrpcStatus is not (null or "1")).Select(c => $"server ended the call with grpc-status {c.GrpcStatus} ({c.GrpcMessage}), expected CANCELLED (1)"));
        var line = problems.Count == 0
            ? $"PASS [faultline->faultline] client cancels {method} during a request read: the server ends it CANCELLED"
            : $"FAIL [faultline->faultline] client cancels {method} during a request read (server side): {string.Join("; ", problems)}";
        server.Report.Write(output, line);
        Assert.True(problems.Count == 0, $"{line}\n{server.Describe()}");
    }
}
