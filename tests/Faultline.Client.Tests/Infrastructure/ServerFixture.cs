namespace Faultline.Client.Tests.Infrastructure;

/// <summary>One h2c Kestrel server and one channel to it, shared by the tests of a class.</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    public RawGrpcServer Server { get; private set; } = null!;

    public GrpcChannel Channel { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await RawGrpcServer.StartAsync();
        Channel = GrpcChannel.ForAddress(Server.Address);
    }

    public async Task DisposeAsync()
    {
        Channel.Dispose();
        await Server.DisposeAsync();
    }
}
