using Faultline.Interop.WireTap;

namespace Faultline.Interop.Server.WireTap;

/// <summary>
/// One gRPC call as the server saw it on the wire: the request's gRPC headers and message frames, the
/// response's encoding, frames and status. Filled in while the call runs; complete once
/// <see cref="Completed"/> is set.
/// </summary>
public sealed class CallRecord
{
    public CallRecord(string path, string? requestEncoding, string? acceptEncoding, string? timeout)
    {
        Path = path;
        RequestEncoding = requestEncoding;
        AcceptEncoding = acceptEncoding;
        Timeout = timeout;
    }

    /// <summary>e.g. <c>/grpc.testing.TestService/UnaryCall</c>.</summary>
    public string Path { get; }

    /// <summary>The method name: the last segment of <see cref="Path"/>.</summary>
    public string Method => Path[(Path.LastIndexOf('/') + 1)..];

    /// <summary>The request's <c>grpc-encoding</c>, or null.</summary>
    public string? RequestEncoding { get; }

    /// <summary>The request's <c>grpc-accept-encoding</c>, or null.</summary>
    public string? AcceptEncoding { get; }

    /// <summary>The request's <c>grpc-timeout</c>, or null.</summary>
    public string? Timeout { get; }

    /// <summary>The request messages as they arrived.</summary>
    public GrpcFrameScanner RequestFrames { get; } = new();

    /// <summary>The response messages as they were written.</summary>
    public GrpcFrameScanner ResponseFrames { get; } = new();

    /// <summary>The response's <c>grpc-encoding</c>, or null.</summary>
    public string? ResponseEncoding { get; internal set; }

    /// <summary>The HTTP status of the response.</summary>
    public int HttpStatus { get; internal set; }

    /// <summary><c>grpc-status</c> from the trailers (or the headers of a Trailers-Only response).</summary>
    public string? GrpcStatus { get; internal set; }

    /// <summary>The raw, percent-encoded <c>grpc-message</c>.</summary>
    public string? GrpcMessage { get; internal set; }

    /// <summary>Whether the client reset the stream (or the connection went away) before the call ended.</summary>
    public bool Aborted { get; internal set; }

    /// <summary>Set when the server has finished the call.</summary>
    public bool Completed { get; internal set; }

    public override string ToString() =>
        $"POST {Path} grpc-encoding={RequestEncoding ?? "-"} grpc-accept-encoding={AcceptEncoding ?? "-"} grpc-timeout={Timeout ?? "-"} request={RequestFrames}" +
        $" => {(Completed ? HttpStatus.ToString(System.Globalization.CultureInfo.InvariantCulture) : "(running)")} grpc-encoding={ResponseEncoding ?? "-"} response={ResponseFrames}" +
        $" grpc-status={GrpcStatus ?? "-"} grpc-message={GrpcMessage ?? "-"}{(Aborted ? " (aborted by the client)" : "")}";
}
