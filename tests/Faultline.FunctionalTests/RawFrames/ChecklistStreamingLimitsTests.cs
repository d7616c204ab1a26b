using System.Net;
using Faultline.Client;
using Faultline.FunctionalTests.Infrastructure;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Faultline.FunctionalTests.RawFrames;

/// <summary>
/// Checklist item 16 (protocol audit, docs/protocol.md): Kestrel's request-body limits and the
/// request-timeout middleware must not cut streaming calls short. The server here has a strict
/// MinRequestBodyDataRate and a 300 ms default request timeout, so a call that is not exempted fails.
/// </summary>
public class ChecklistStreamingLimitsTests : IAsyncLifetime
{
    private WebApplication _app = null!;
    private Uri _address = null!;
    private readonly LogSink _logs = new();
    private readonly TaskCompletionSource<Exception?> _plainRead = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static string Path(string method) => "/" + ChecklistService.ServiceName + "/" + method;

    private static byte[] Str(string value) => RawGrpcClient.Frame(new StringValue { Value = value }.ToByteArray());

    private static byte[] Int(int value) => RawGrpcClient.Frame(new Int32Value { Value = value }.ToByteArray());

    public async Task InitializeAsync()
    {
        var builder = FaultlineTestHost.CreateBuilder(
            _logs,
            kestrel: kestrel => kestrel.Limits.MinRequestBodyDataRate = new MinDataRate(bytesPerSecond: 100_000, gracePeriod: TimeSpan.FromSeconds(2)));
        builder.Services.AddRequestTimeouts(o => o.DefaultPolicy = new RequestTimeoutPolicy { Timeout = TimeSpan.FromMilliseconds(300) });

        _app = builder.Build();
        _app.UseRequestTimeouts();
        _app.MapGrpcService<ChecklistService>();
        // The control: a plain endpoint, not exempt from the data rate, that reads its body.
        _app.MapPost("/plain/slow-read", async (HttpContext context) =>
        {
            try
            {
                await context.Request.Body.CopyToAsync(Stream.Null);
                _plainRead.TrySetResult(null);
            }
            catch (Exception ex)
            {
                _plainRead.TrySetResult(ex);
            }
        }).DisableRequestTimeout();
        _address = (await FaultlineTestHost.StartAsync(_app)).First();
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    // Item 16: the request-timeout middleware is disabled for streaming methods (but applies to unary).
    [Fact]
    public async Task Item16_RequestTimeout_DoesNotCutServerStreaming_ButAppliesToUnary()
    {
        using var client = new RawGrpcClient(_address);

        var streaming = await client.PostAsync(Path("SlowStream"), Str("x"));
        Assert.Equal("0", streaming.GrpcStatus);
        Assert.Equal(5, streaming.Messages().Count);

        // Control: the middleware is active, a unary call taking longer than 300 ms is cut.
        var unary = await client.PostAsync(Path("SlowUnaryHonoringToken"), Int(2_000));
        Assert.NotEqual("0", unary.GrpcStatus);
    }

    // Item 16: a duplex request body may exceed Kestrel's 30 MB MaxRequestBodySize.
    [Fact]
    public async Task Item16_DuplexBodyBeyondKestrelMaxRequestBodySize_Succeeds()
    {
        using var client = new RawGrpcClient(_address);
        var chunk = Str(new string('x', 60 * 1024));
        var count = (31 * 1024 * 1024 / chunk.Length) + 1;
        var body = new byte[chunk.Length * count];
        for (var i = 0; i < count; i++)
        {
            chunk.CopyTo(body, i * chunk.Length);
        }

        var response = await client.PostAsync(Path("CountRequests"), body);

        Assert.Equal("0", response.GrpcStatus);
        Assert.Equal($"{count}:{(long)count * 60 * 1024}", StringValue.Parser.ParseFrom(Assert.Single(response.Messages()).Payload).Value);
    }

    // Item 16: a slow duplex request stream is not aborted by MinRequestBodyDataRate, while the same
    // slow body to a plain endpoint is (the control proves the limit is in force).
    [Fact]
    public async Task Item16_SlowDuplexRequestStream_IsNotKilledByMinRequestBodyDataRate()
    {
        var control = SendSlowPlainBodyAsync();

        using var channel = GrpcChannel.ForAddress(_address);
        using var call = channel.CreateCallInvoker().AsyncDuplexStreamingCall(ChecklistService.CountRequestsMethod, null, default);
        for (var i = 0; i < 5; i++)
        {
            await call.RequestStream.WriteAsync(new StringValue { Value = "tick" });
            await Task.Delay(1_000);
        }

        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal("5:20", call.ResponseStream.Current.Value);
        Assert.False(await call.ResponseStream.MoveNext(CancellationToken.None));

        await control;
        var plainFailure = await _plainRead.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.NotNull(plainFailure);
    }

    private async Task SendSlowPlainBodyAsync()
    {
        using var http = new HttpMessageInvoker(new SocketsHttpHandler());
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_address, "/plain/slow-read"))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new SlowContent(6, TimeSpan.FromSeconds(1)),
        };
        try
        {
            using var response = await http.SendAsync(request, CancellationToken.None);
        }
        catch (HttpRequestException)
        {
            // The server may reset the stream; the control's verdict is what the endpoint saw.
        }
    }

    private sealed class SlowContent(int chunks, TimeSpan interval) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            for (var i = 0; i < chunks; i++)
            {
                await stream.WriteAsync(new byte[10]);
                await stream.FlushAsync();
                await Task.Delay(interval);
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
