using System.Diagnostics;

namespace Faultline.Client.Tests.Infrastructure;

/// <summary>
/// Runs Interop/grpcio_server.py with Debian's Python and grpcio (apt: python3-grpcio) as a real gRPC
/// peer. The server exits when its stdin closes, so it never outlives the test run.
/// </summary>
public sealed class PythonGrpcServer : IAsyncLifetime
{
    private const string Python = "/usr/bin/python3";
    private Process? _process;

    public GrpcChannel Channel { get; private set; } = null!;

    public string Address { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Interop", "grpcio_server.py");
        var start = new ProcessStartInfo(Python, [script])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        try
        {
            _process = Process.Start(start) ?? throw new InvalidOperationException("Process.Start returned null.");
        }
        catch (Exception ex)
        {
            throw new InvalidOperationException($"Could not start {Python}; the interop tests need Python 3 with grpcio (apt-get install -y python3-grpcio).", ex);
        }

        var firstLine = await _process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(20));
        if (!int.TryParse(firstLine, out var port))
        {
            var error = await _process.StandardError.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(5));
            throw new InvalidOperationException($"The grpcio test server did not start (needs python3-grpcio: apt-get install -y python3-grpcio). Output: '{firstLine}'. Errors: {error}");
        }

        Address = $"http://127.0.0.1:{port}";
        Channel = GrpcChannel.ForAddress(Address);
    }

    public async Task DisposeAsync()
    {
        Channel?.Dispose();
        if (_process is null)
        {
            return;
        }

        _process.StandardInput.Close();
        try
        {
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (TimeoutException)
        {
            _process.Kill();
        }

        _process.Dispose();
    }
}
