namespace Faultline.Testing;

/// <summary>How <see cref="DummyServiceHost"/> connects its client to its server.</summary>
public enum DummyTransport
{
    /// <summary>
    /// Real Kestrel on an ephemeral 127.0.0.1 port speaking HTTP/2 without TLS (h2c), and a real
    /// SocketsHttpHandler: the wire as production has it, header limits and encodings included. The default.
    /// </summary>
    Kestrel,

    /// <summary>
    /// ASP.NET Core's in-memory TestServer: no sockets, no HPACK. It hides what only the wire shows:
    /// response headers and trailers over the client's 64 KiB limit arrive (on the wire the call fails
    /// as UNAVAILABLE), and header values HTTP/2 cannot encode pass. Use it for logic, not for the wire.
    /// </summary>
    InMemory,
}
