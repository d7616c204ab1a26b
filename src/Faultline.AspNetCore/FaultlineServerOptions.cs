using Grpc.Core;

namespace Faultline.AspNetCore;

/// <summary>
/// Options of the Faultline server pipeline. Whether exception text and DebugInfo details leave the
/// server is not set here: it follows grpc-dotnet's own <c>EnableDetailedErrors</c> (global or per service).
/// </summary>
public sealed class FaultlineServerOptions
{
    /// <summary>The smallest <see cref="MaxStatusTrailerSize"/> accepted: room for a status with a short message.</summary>
    public const int MinStatusTrailerSize = 1024;

    /// <summary>
    /// The largest <see cref="MaxStatusTrailerSize"/> accepted. grpc-dotnet clients lose a status whose
    /// headers and trailers together pass 64 KiB (they report UNAVAILABLE, which retry policies retry),
    /// so the budget stays well below, with room for the response headers.
    /// </summary>
    public const int MaxAllowedStatusTrailerSize = 32 * 1024;

    /// <summary>
    /// The budget of a failed call's status trailers, in bytes as HTTP/2 counts header lists (name +
    /// value + 32 per field, with 512 bytes kept for the other headers of a Trailers-Only response).
    /// A larger status is cut to fit, least useful part first (DebugInfo, then the largest details,
    /// then the message), and the server logs a warning naming what it dropped. Default 8 KiB, the
    /// limit the gRPC spec suggests peers accept and gRPC's C core (Python, C++, Ruby, PHP) enforces.
    /// </summary>
    public int MaxStatusTrailerSize { get; set; } = 8 * 1024;

    /// <summary>
    /// The status code of a call whose handler threw an exception that is neither an <see cref="RpcException"/>
    /// nor mapped by <see cref="Exceptions"/> (the message is a fixed, generic one). Default <see cref="StatusCode.Unknown"/>, as grpc-dotnet
    /// does; <see cref="StatusCode.Internal"/> is the other usual choice. OK is refused.
    /// </summary>
    public StatusCode UnexpectedExceptionStatusCode { get; set; } = StatusCode.Unknown;

    /// <summary>
    /// How exceptions other than <see cref="RpcException"/>s become statuses: sensible defaults
    /// (ArgumentException → INVALID_ARGUMENT, ...), extended by type or by handler delegates.
    /// </summary>
    public ExceptionMappings Exceptions { get; } = new();

    /// <summary>
    /// Whether a status with a google.rpc.RetryInfo also carries <c>grpc-retry-pushback-ms</c>, so that
    /// any client with a gRFC A6 retry policy, in any language, waits as long as the server asked before
    /// its next attempt. Default true. Note that grpc-dotnet's client retries on pushback even when the
    /// code is not in its policy's retryable codes.
    /// </summary>
    public bool SendRetryPushback { get; set; } = true;
}
