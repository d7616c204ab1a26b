using Faultline.Interop.WireTap;

namespace Faultline.Interop.Client.WireTap;

/// <summary>One call as the client saw it on the wire.</summary>
public sealed class ClientExchange(string path, string? requestEncoding)
{
    private readonly TaskCompletionSource _requestBodyStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>e.g. <c>/grpc.testing.TestService/UnaryCall</c>.</summary>
    public string Path { get; } = path;

    /// <summary>The method name: the last segment of <see cref="Path"/>.</summary>
    public string Method => Path[(Path.LastIndexOf('/') + 1)..];

    /// <summary>The request's <c>grpc-encoding</c>, or null.</summary>
    public string? RequestEncoding { get; } = requestEncoding;

    /// <summary>The request messages as they were sent.</summary>
    public GrpcFrameScanner RequestFrames { get; } = new();

    /// <summary>The response's <c>grpc-encoding</c>, or null.</summary>
    public string? ResponseEncoding { get; internal set; }

    /// <summary>The response messages as they arrived (as far as the client has read them).</summary>
    public GrpcFrameScanner ResponseFrames { get; } = new();

    /// <summary>Completes once the HTTP stack asks for the request body, i.e. the request headers are on their way.</summary>
    public Task RequestBodyStarted => _requestBodyStarted.Task;

    internal void OnRequestBodyStarted() => _requestBodyStarted.TrySetResult();

    public override string ToString() =>
        $"POST {Path} grpc-encoding={RequestEncoding ?? "-"} request={RequestFrames} => grpc-encoding={ResponseEncoding ?? "-"} response={ResponseFrames}";
}
