namespace Faultline.RichInteropTests.Infrastructure;

/// <summary>
/// This project's grpcio peer (the shared <see cref="PythonPeer"/>): python/rich_proto.py --check
/// proves the rich-error protos compile and grpcio imports; python/rich_server.py is its server.
/// </summary>
public static class Peer
{
    public static PythonPeer Python { get; } = new("rich_proto.py", checkTimeout: TimeSpan.FromSeconds(30));

    public static Task<PythonServerProcess> StartServerAsync() =>
        PythonServerProcess.StartAsync(Python, "rich_server.py", startTimeout: TimeSpan.FromSeconds(20));
}
