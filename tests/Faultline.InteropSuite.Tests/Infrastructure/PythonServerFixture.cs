using System.Text.RegularExpressions;

namespace Faultline.InteropSuite.Tests.Infrastructure;

/// <summary>interop/python/interop_server.py (grpcio) on a free 127.0.0.1 port, one per test class.</summary>
public sealed partial class PythonServerFixture(IMessageSink sink) : IAsyncLifetime
{
    private ChildProcess? _process;

    /// <summary>The PASS/FAIL lines of the tests using this server.</summary>
    public InteropReport Report { get; } = new(sink);

    public int Port { get; private set; }

    /// <summary>What the server wrote to stderr so far (grpc core errors, Python tracebacks).</summary>
    public string Stderr => _process?.Stderr ?? "";

    public async Task InitializeAsync()
    {
        await Peer.Python.EnsureAvailableAsync();
        _process = Peer.Python.Start("interop_server.py", "--port=0", "--exit_on_stdin_eof=true");
        var line = await _process.WaitForLineAsync(l => ListeningLine().IsMatch(l), TimeSpan.FromSeconds(30));
        Port = int.Parse(ListeningLine().Match(line).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    public string Describe() => _process?.Describe() ?? "(python server not started)";

    public async Task DisposeAsync()
    {
        Report.WriteSummary();
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }
    }

    [GeneratedRegex(@"listening on 127\.0\.0\.1:(\d+)")]
    internal static partial Regex ListeningLine();
}
