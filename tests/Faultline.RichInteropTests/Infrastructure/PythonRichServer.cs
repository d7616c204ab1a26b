using System.Diagnostics;
using System.Text;

namespace Faultline.RichInteropTests.Infrastructure;

/// <summary>
/// python/rich_server.py on a free 127.0.0.1 port. Disposing closes its stdin (its signal to stop)
/// and kills it if it has not exited within a few seconds.
/// </summary>
public sealed class PythonRichServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);

    private readonly Process _process;
    private readonly StringBuilder _stderr = new();
    private readonly Task _stderrPump;

    private PythonRichServer(Process process, int port)
    {
        _process = process;
        Port = port;
        _stderrPump = PumpAsync(process.StandardError, _stderr);
    }

    public int Port { get; }

    public string Address => $"http://127.0.0.1:{Port}";

    /// <summary>What the server wrote to stderr so far (grpc core errors, Python tracebacks).</summary>
    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>A description of the server's state for failure messages.</summary>
    public string Describe() =>
        $"python rich_server.py on port {Port} ({(_process.HasExited ? $"EXITED with code {_process.ExitCode}" : "running")})\n--- server stderr ---\n{Stderr}";

    public static async Task<PythonRichServer> StartAsync()
    {
        await PythonPeer.EnsureAvailableAsync();
        var process = PythonPeer.Start("rich_server.py", "--port", "0");
        try
        {
            // The first stdout line is "READY <port>"; anything else (or nothing in time) is a failure.
            var line = await process.StandardOutput.ReadLineAsync().WaitAsync(StartTimeout);
            if (line is null || !line.StartsWith("READY ", StringComparison.Ordinal) || !int.TryParse(line.AsSpan(6), out var port))
            {
                PythonPeer.Kill(process);
                var stderr = await process.StandardError.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(5));
                throw new InvalidOperationException($"rich_server.py did not start: first stdout line {line ?? "<none>"}\n--- stderr ---\n{stderr}");
            }

            return new PythonRichServer(process, port);
        }
        catch (TimeoutException)
        {
            PythonPeer.Kill(process);
            throw new InvalidOperationException($"rich_server.py did not print READY within {StartTimeout.TotalSeconds}s.");
        }
        catch
        {
            PythonPeer.Kill(process);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.StandardInput.Close();
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                try
                {
                    await _process.WaitForExitAsync(cts.Token);
                }
                catch (OperationCanceledException)
                {
                    PythonPeer.Kill(_process);
                }
            }

            await _stderrPump.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        finally
        {
            _process.Dispose();
        }
    }

    private static async Task PumpAsync(StreamReader reader, StringBuilder into)
    {
        var buffer = new char[4096];
        int read;
        while ((read = await reader.ReadAsync(buffer)) > 0)
        {
            lock (into)
            {
                into.Append(buffer, 0, read);
            }
        }
    }
}
