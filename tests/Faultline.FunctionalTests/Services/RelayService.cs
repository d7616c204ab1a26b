using Faultline.Client;

namespace Faultline.FunctionalTests.Services;

/// <summary>
/// A front service in front of a downstream <see cref="CallsService"/>: its unary calls go on
/// downstream through a Faultline client that knows <see cref="ThingErrors"/>. With mode
/// <see cref="CatchMode"/> it catches the domain exception by type and fails with its own status;
/// otherwise whatever the downstream call throws propagates (a relay).
/// </summary>
public sealed class RelayService(RelayService.Downstream downstream) : Calls.CallsBase
{
    public const string CatchMode = "catch:";

    public override async Task<CallReply> Unary(CallRequest request, ServerCallContext context)
    {
        if (!request.Mode.StartsWith(CatchMode, StringComparison.Ordinal))
        {
            return await downstream.Client.UnaryAsync(request, cancellationToken: context.CancellationToken);
        }

        try
        {
            return await downstream.Client.UnaryAsync(new CallRequest(request) { Mode = request.Mode[CatchMode.Length..] }, cancellationToken: context.CancellationToken);
        }
        catch (ThingMissingException missing)
        {
            throw new FailedPreconditionException($"Cannot relay: {missing.Message}", [new Google.Rpc.PreconditionFailure
            {
                Violations = { new Google.Rpc.PreconditionFailure.Types.Violation { Type = "THING", Subject = missing.Thing, Description = "must exist downstream" } },
            }]);
        }
    }

    /// <summary>The downstream client, one per front server.</summary>
    public sealed class Downstream(Uri address) : IDisposable
    {
        private readonly Grpc.Net.Client.GrpcChannel _channel = Grpc.Net.Client.GrpcChannel.ForAddress(address);

        public Calls.CallsClient Client => new(_channel.WithFaultline(o => o.DomainErrors.Add(ThingErrors.Catalog)));

        public void Dispose() => _channel.Dispose();
    }
}
