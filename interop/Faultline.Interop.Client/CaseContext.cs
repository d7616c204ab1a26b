using Faultline.Interop.Client.WireTap;
using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Testing;

namespace Faultline.Interop.Client;

/// <summary>What a case gets: stubs on the channel with Faultline's client pipeline, the wire tap (if any) and the settings.</summary>
internal sealed class CaseContext
{
    public CaseContext(GrpcChannel channel, WireTapHandler? tap, ClientSettings settings)
    {
        // Every failed call of these stubs throws the typed Faultline exception of its status.
        CallInvoker invoker = channel.WithFaultline();
        Client = new TestService.TestServiceClient(invoker);
        UnimplementedServiceClient = new UnimplementedService.UnimplementedServiceClient(invoker);
        Tap = tap;
        Settings = settings;
    }

    public TestService.TestServiceClient Client { get; }

    public UnimplementedService.UnimplementedServiceClient UnimplementedServiceClient { get; }

    /// <summary>Null when --wire_checks=false.</summary>
    public WireTapHandler? Tap { get; }

    public ClientSettings Settings { get; }
}
