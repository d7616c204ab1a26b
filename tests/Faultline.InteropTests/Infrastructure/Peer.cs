namespace Faultline.InteropTests.Infrastructure;

/// <summary>
/// This project's grpcio peer (the shared <see cref="PythonPeer"/>): python/probe_proto.py --check
/// proves probe.proto compiles and grpcio imports; python/probe_server.py is its server.
/// </summary>
public static class Peer
{
    public static PythonPeer Python { get; } = new("probe_proto.py");

    public static Task<PythonServerProcess> StartServerAsync() =>
        PythonServerProcess.StartAsync(Python, "probe_server.py", startTimeout: TimeSpan.FromSeconds(30));
}
