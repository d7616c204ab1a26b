namespace Faultline.InteropSuite.Tests.Infrastructure;

/// <summary>
/// This project's grpcio peer (the shared <see cref="PythonPeer"/>): interop/python/interop_proto.py
/// --check proves the grpc.testing protos compile and grpcio imports.
/// </summary>
public static class Peer
{
    public static PythonPeer Python { get; } = new("interop_proto.py");
}
