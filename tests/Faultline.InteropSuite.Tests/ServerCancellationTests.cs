using Faultline.Client;
using Faultline.Interop;
using Faultline.InteropSuite.Tests.Infrastructure;
using Grpc.Testing;

namespace Faultline.InteropSuite.Tests;

/// <summary>
/// Known Faultline issue, found by cancel_after_first_response (and, depending on timing,
/// cancel_after_begin): when a client cancels (RST_STREAM) while the service method waits in
/// <c>requestStream.MoveNext</c>, Kestrel fails the pending body read with
/// <c>IOException: The client reset the request stream.</c>. Faultline's ExceptionStatusMapper
/// (src/Faultline.Server/Internal/ExceptionStatusMapper.cs) only treats OperationCanceledException as
/// a client cancellation, so the IOException takes the default branch: an Error log
/// "Unhandled exception in gRPC method ...; the client receives UNKNOWN" and the call ends UNKNOWN (2)
/// instead of CANCELLED (1). The clients still see CANCELLED (they cancelled), so the interop cases
/// pass (they ignore exactly this log record, see KnownIssues); this test pins the server side, with
/// the method reliably parked in MoveNext when the reset arrives, and fails until src/ is fixed.
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
        var client = new TestService.TestServiceClient(channel);
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
            var ex = await Assert.ThrowsAnyAsync<GrpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)));
            Assert.Equal(StatusCode.Cancelled, ex.StatusCode);
        }
        else
        {
            using var call = client.StreamingInputCall(cancellationToken: cts.Token);
            await call.RequestStream.WriteAsync(new StreamingInputCallRequest { Payload = Payloads.Zeros(10) }).WaitAsync(TimeSpan.FromSeconds(10));
            await Task.Delay(Park); // the method has read the message and waits for the next
            cts.Cancel();
            var ex = await Assert.ThrowsAnyAsync<GrpcException>(() => call.ResponseAsync.WaitAsync(TimeSpan.FromSeconds(10)));
            Assert.Equal(StatusCode.Cancelled, ex.StatusCode);
        }

        await server.WaitForCallsToEndAsync();
        var calls = server.Wire.Calls.Where(c => c.Method == method).ToList();
        var problems = new List<string>();
        problems.AddRange(server.Logs.Errors.Select(e => "server logged an error: " + e));
        problems.AddRange(calls.Where(c => c.GrpcStatus is not (null or "1")).Select(c => $"server ended the call with grpc-status {c.GrpcStatus} ({c.GrpcMessage}), expected CANCELLED (1)"));
        var line = problems.Count == 0
            ? $"PASS [faultline->faultline] client cancels {method} during a request read: the server ends it CANCELLED"
            : $"FAIL [faultline->faultline] client cancels {method} during a request read (known issue, server side): {string.Join("; ", problems)}";
        server.Report.Write(output, line);
        Assert.True(problems.Count == 0, $"{line}\n{server.Describe()}");
    }
}
