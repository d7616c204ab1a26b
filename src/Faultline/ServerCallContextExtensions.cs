using Faultline.Internal;
using Faultline.Internal.Wire;
using Grpc.Core;

namespace Faultline;

/// <summary>Ending a call with a rich status without throwing: the fast error path.</summary>
public static class ServerCallContextExtensions
{
    // The key under which the status waits in UserState for the Faultline server pipeline.
    internal static readonly object RichStatusKey = new();

    /// <summary>
    /// Ends the call with <paramref name="status"/> when the handler returns, without throwing (like
    /// grpcio's <c>context.set_code</c> and <c>set_details</c>, with details). Throwing costs far more
    /// than returning, so a service that fails often (quotas, validation, not-found) should prefer this.
    /// A unary or client-streaming handler still returns a message, for example <c>new HelloReply()</c>;
    /// it is not sent.
    /// </summary>
    /// <remarks>
    /// On its own this sets <see cref="ServerCallContext.Status"/> and puts one <c>grpc-status-details-bin</c>
    /// in <see cref="ServerCallContext.ResponseTrailers"/> (the same wire form a thrown
    /// <see cref="GrpcException"/> carries). With the Faultline server pipeline the status is encoded under
    /// the service's options and the call ends exactly as a thrown exception would end it: no response
    /// message, the status alone (Trailers-Only) when nothing was sent yet.
    /// </remarks>
    /// <exception cref="ArgumentException">The status is OK.</exception>
    public static void SetRichStatus(this ServerCallContext context, RichStatus status)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(status);
        if (status.Code == StatusCode.OK)
        {
            throw new ArgumentException("SetRichStatus ends a call with a failure; an OK status is not one.", nameof(status));
        }

        var encoded = StatusEncoder.Encode(status, context.ResponseTrailers, StatusEncodingPolicy.Default);
        encoded.ReplaceContentsOf(context.ResponseTrailers);
        context.Status = encoded.Status;
        context.UserState[RichStatusKey] = new PendingRichStatus(status, encoded);
    }

    /// <summary>The status set by <see cref="SetRichStatus"/> for this call, or null.</summary>
    public static RichStatus? GetRichStatus(this ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return TryGetPending(context) is { } pending && pending.Encoded.Status.StatusCode == context.Status.StatusCode ? pending.Status : null;
    }

    /// <summary>What <see cref="SetRichStatus"/> left for the server pipeline, if anything.</summary>
    internal static PendingRichStatus? TryGetPending(ServerCallContext context) =>
        context.UserState.TryGetValue(RichStatusKey, out var value) ? value as PendingRichStatus : null;
}
