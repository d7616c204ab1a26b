using Grpc.Core;

namespace Faultline.Bench;

/// <summary>
/// The benchmarked service. Each handler does only its path's work, without awaiting, so that what
/// is measured is the server stack around it. Each failing handler builds its status per call, as a
/// service whose quota subject changes per caller would.
/// </summary>
public sealed class BenchService : Bench.BenchBase
{
    /// <inheritdoc />
    public override Task<Payload> Echo(Payload request, ServerCallContext context) => Task.FromResult(request);

    /// <inheritdoc />
    public override Task<Payload> FailStatusProto(Payload request, ServerCallContext context) =>
        throw QuotaError.ToStatusProto().ToRpcException();

    /// <inheritdoc />
    public override Task<Payload> FailStatusProtoSet(Payload request, ServerCallContext context)
    {
        var status = QuotaError.ToStatusProto();
        context.ResponseTrailers.SetRpcStatus(status);
        context.Status = new Status(QuotaError.Code, status.Message);
        return Task.FromResult(new Payload());
    }

    /// <inheritdoc />
    public override Task<Payload> FailThrow(Payload request, ServerCallContext context) =>
        throw new ResourceExhaustedException(QuotaError.ToRichStatus());

    /// <inheritdoc />
    public override Task<Payload> FailSet(Payload request, ServerCallContext context)
    {
        context.SetRichStatus(QuotaError.ToRichStatus());
        return Task.FromResult(new Payload());
    }
}
