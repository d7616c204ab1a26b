namespace Faultline.Internal.Wire;

/// <summary>How a status is put on the wire: its size budget and which optional parts it may carry.</summary>
/// <param name="MaxSize">The budget for the status trailers, in bytes as HTTP/2 counts header lists.</param>
/// <param name="IncludeDebugInfo">Whether google.rpc.DebugInfo details may leave the process.</param>
/// <param name="SendRetryPushback">Whether a RetryInfo detail is also announced as <c>grpc-retry-pushback-ms</c>.</param>
internal sealed record StatusEncodingPolicy(int MaxSize, bool IncludeDebugInfo, bool SendRetryPushback)
{
    /// <summary>8 KiB: the limit the gRPC HTTP/2 spec suggests peers accept for trailers, and gRPC C core's default.</summary>
    public const int DefaultMaxSize = 8 * 1024;

    /// <summary>
    /// What a Faultline exception carries on its own, with no Faultline server pipeline: the default
    /// budget, no DebugInfo (nothing internal leaks unless the service opts in), pushback announced.
    /// </summary>
    public static readonly StatusEncodingPolicy Default = new(DefaultMaxSize, IncludeDebugInfo: false, SendRetryPushback: true);

    /// <summary>Whether encoding <paramref name="status"/> under this policy gives the same bytes as under <paramref name="other"/>.</summary>
    public bool EncodesAlike(StatusEncodingPolicy other, RichStatus status) =>
        MaxSize == other.MaxSize
        && (IncludeDebugInfo == other.IncludeDebugInfo || !status.HasDetail(StatusDetailTypes.DebugInfo))
        && (SendRetryPushback == other.SendRetryPushback || !status.HasDetail(StatusDetailTypes.RetryInfo));
}
