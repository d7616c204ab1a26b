using Google.Protobuf.WellKnownTypes;

namespace Faultline.FunctionalTests.Services;

/// <summary>
/// A service written against the Core API by hand, so the server's tests do not depend on code
/// generation. Its behaviours are driven by the request text.
/// </summary>
[BindServiceMethod(typeof(TestService), nameof(BindService))]
public class TestService
{
    /// <summary>Set by tests that need to observe the handler's cancellation token.</summary>
    public static TaskCompletionSource<CancellationToken>? SleepObserved;

    public static void BindService<TService>(ServiceMethodBinder<TService> binder)
        where TService : TestService
    {
        binder.AddUnaryMethod(TestMethods.Echo, (s, r, c) => s.Echo(r, c));
        binder.AddUnaryMethod(TestMethods.Fail, (s, r, c) => s.Fail(r, c));
        binder.AddUnaryMethod(TestMethods.Sleep, (s, r, c) => s.Sleep(r, c));
        binder.AddUnaryMethod(TestMethods.NullResponse, (s, r, c) => s.NullResponse(r, c));
        binder.AddUnaryMethod(TestMethods.EchoMetadata, (s, r, c) => s.EchoMetadata(r, c));
        binder.AddUnaryMethod(TestMethods.RequestEncoding, (s, r, c) => s.RequestEncoding(r, c));
        binder.AddServerStreamingMethod(TestMethods.Count, (s, r, w, c) => s.Count(r, w, c));
        binder.AddClientStreamingMethod(TestMethods.Concat, (s, r, c) => s.Concat(r, c));
        binder.AddDuplexStreamingMethod(TestMethods.EchoStream, (s, r, w, c) => s.EchoStream(r, w, c));
    }

    public virtual Task<StringValue> Echo(StringValue request, ServerCallContext context) =>
        Task.FromResult(new StringValue { Value = request.Value });

    public virtual Task<StringValue> Fail(StringValue request, ServerCallContext context) => request.Value switch
    {
        "not-found" => throw new GrpcException(new Status(StatusCode.NotFound, "No such thing: 100% gone ✓"), new Metadata { { "x-reason", "missing" }, { "x-detail-bin", new byte[] { 0, 1, 2, 255 } } }),
        "status" => SetStatus(context),
        "forge" => Forge(context),
        "bad-header" => Task.FromResult(new StringValue { Value = context.RequestHeaders.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) }),
        _ => throw new InvalidOperationException("secret internal detail"),
    };

    public virtual async Task<StringValue> Sleep(Int32Value request, ServerCallContext context)
    {
        SleepObserved?.TrySetResult(context.CancellationToken);
        await Task.Delay(request.Value, context.CancellationToken);
        return new StringValue { Value = "slept" };
    }

    /// <summary>Reports the grpc-encoding the request arrived with, and the message length it decoded to.</summary>
    public virtual Task<StringValue> RequestEncoding(StringValue request, ServerCallContext context) =>
        Task.FromResult(new StringValue { Value = $"{Faultline.Server.ServerCallContextExtensions.GetHttpContext(context).Request.Headers["grpc-encoding"]}:{request.Value.Length}" });

    public virtual Task<StringValue> NullResponse(StringValue request, ServerCallContext context) => Task.FromResult<StringValue>(null!);

    public virtual async Task<StringValue> EchoMetadata(StringValue request, ServerCallContext context)
    {
        var headers = new Metadata();
        foreach (var entry in context.RequestHeaders)
        {
            headers.Add(entry);
        }

        await context.WriteResponseHeadersAsync(headers);
        context.ResponseTrailers.Add("x-trailer", "trailer-value");
        context.ResponseTrailers.Add("x-trailer-bin", new byte[] { 9, 8, 7 });
        var deadline = context.Deadline == DateTime.MaxValue ? "none" : "set";
        return new StringValue { Value = $"{context.Method}|{deadline}|{context.Peer.StartsWith("ipv4:127.0.0.1:", StringComparison.Ordinal)}" };
    }

    public virtual async Task Count(Int32Value request, IServerStreamWriter<StringValue> responses, ServerCallContext context)
    {
        for (var i = 0; i < Math.Abs(request.Value); i++)
        {
            await responses.WriteAsync(new StringValue { Value = i.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        }

        if (request.Value < 0)
        {
            throw new GrpcException(StatusCode.Aborted, "aborted after streaming");
        }
    }

    public virtual async Task<StringValue> Concat(IAsyncStreamReader<StringValue> requests, ServerCallContext context)
    {
        var parts = new List<string>();
        await foreach (var request in requests.ReadAllAsync())
        {
            parts.Add(request.Value);
        }

        return new StringValue { Value = string.Join(",", parts) };
    }

    public virtual async Task EchoStream(IAsyncStreamReader<StringValue> requests, IServerStreamWriter<StringValue> responses, ServerCallContext context)
    {
        await foreach (var request in requests.ReadAllAsync())
        {
            await responses.WriteAsync(new StringValue { Value = request.Value });
        }
    }

    private static Task<StringValue> Forge(ServerCallContext context)
    {
        // Reserved names in trailers must never override the real status.
        context.ResponseTrailers.Add("grpc-status", "0");
        context.ResponseTrailers.Add("grpc-message", "forged");
        throw new GrpcException(StatusCode.NotFound, "real");
    }

    private static Task<StringValue> SetStatus(ServerCallContext context)
    {
        context.Status = new Status(StatusCode.FailedPrecondition, "set by the method");
        return Task.FromResult(new StringValue { Value = "ignored" });
    }
}
