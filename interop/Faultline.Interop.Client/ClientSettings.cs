using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Faultline.Interop.Client.WireTap;
using Grpc.Net.Client;

namespace Faultline.Interop.Client;

/// <summary>The client's flags (those of the official interop clients, plus a few documented extras).</summary>
public sealed record ClientSettings
{
    /// <summary>--server_host: the host to connect to.</summary>
    public string ServerHost { get; init; } = "localhost";

    /// <summary>--server_host_override: the host name claimed in TLS (SNI and certificate check); empty for <see cref="ServerHost"/>.</summary>
    public string? ServerHostOverride { get; init; }

    /// <summary>--server_port.</summary>
    public int ServerPort { get; init; } = 8080;

    /// <summary>--use_tls: TLS (ALPN h2) instead of h2c.</summary>
    public bool UseTls { get; init; }

    /// <summary>--use_test_ca: trust only <see cref="CaFile"/> instead of the system's roots.</summary>
    public bool UseTestCa { get; init; }

    /// <summary>--ca_file: the PEM root certificate(s) for --use_test_ca (e.g. what the interop server wrote with --cert_file).</summary>
    public string? CaFile { get; init; }

    /// <summary>
    /// --skip_compression_probe: skip step 1 of client_compressed_unary/streaming (the probe that needs the
    /// server to check expect_compressed), for servers that cannot check it, such as grpcio's.
    /// </summary>
    public bool SkipCompressionProbe { get; init; }

    /// <summary>
    /// --wire_checks: observe the message frames on the wire (the test-side <see cref="WireTapHandler"/>)
    /// to check compressed flags and zero-length messages. When false grpc-dotnet talks to the socket
    /// handler directly and those checks are skipped.
    /// </summary>
    public bool WireChecks { get; init; } = true;

    /// <summary>How long one case may take before it fails.</summary>
    public TimeSpan CaseTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The address, e.g. <c>http://127.0.0.1:8080</c>.</summary>
    public string Address
    {
        get
        {
            var host = ServerHost.Contains(':', StringComparison.Ordinal) && !ServerHost.StartsWith('[') ? $"[{ServerHost}]" : ServerHost;
            return $"{(UseTls ? "https" : "http")}://{host}:{ServerPort}";
        }
    }

    /// <summary>Creates the grpc-dotnet channel (and, with <see cref="WireChecks"/>, its wire tap).</summary>
    public GrpcChannel CreateChannel(out WireTapHandler? tap)
    {
        var sockets = new SocketsHttpHandler { EnableMultipleHttp2Connections = true };
        if (UseTls)
        {
            sockets.SslOptions = new SslClientAuthenticationOptions
            {
                TargetHost = string.IsNullOrEmpty(ServerHostOverride) ? ServerHost : ServerHostOverride,
            };
            if (UseTestCa)
            {
                if (string.IsNullOrEmpty(CaFile))
                {
                    throw new ArgumentException("--use_test_ca=true needs --ca_file=PEM (e.g. the file the interop server wrote with --cert_file).");
                }

                // Certificates are still checked (chain and name), against this root instead of the system's.
                var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
                policy.CustomTrustStore.ImportFromPemFile(CaFile);
                sockets.SslOptions.CertificateChainPolicy = policy;
            }
        }

        tap = WireChecks ? new WireTapHandler(sockets) : null;
        return GrpcChannel.ForAddress(Address, new GrpcChannelOptions { HttpHandler = tap ?? (HttpMessageHandler)sockets, DisposeHttpClient = true });
    }
}
