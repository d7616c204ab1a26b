using Faultline.FunctionalTests.Infrastructure;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Faultline.FunctionalTests.RawFrames;

public abstract class RawFrameTestBase : IAsyncLifetime
{
    protected TestServer Server { get; private set; } = null!;

    protected RawGrpcClient Client { get; private set; } = null!;

    protected virtual Action<Faultline.Server.FaultlineServerOptions>? Configure => null;

    protected static string Path(string method) => "/faultline.test.TestService/" + method;

    protected static byte[] Str(string value) => RawGrpcClient.Frame(new StringValue { Value = value }.ToByteArray());

    protected static byte[] Int(int value) => RawGrpcClient.Frame(new Int32Value { Value = value }.ToByteArray());

    protected static string ParseStr(byte[] payload) => StringValue.Parser.ParseFrom(payload).Value;

    public async Task InitializeAsync()
    {
        Server = await TestServer.StartAsync(Configure);
        Client = new RawGrpcClient(Server.Address);
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}
