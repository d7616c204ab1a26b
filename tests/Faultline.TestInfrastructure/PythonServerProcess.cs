namespace Faultline.TestInfrastructure;

/// <summary>
/// A grpcio test server script (e.g. python/probe_server.py) on a free 127.0.0.1 port. The script's
/// contract: started with <c>--port 0</c>, its first stdout line is <c>READY &lt;port&gt;</c>, and it
/// stops when its stdin closes. Disposing closes its stdin and kills it if it has not exited within a
/// few seconds.
/// </summary>
public sealed class PythonServerProcess : IAsyncDisposable
{
    private readonly ChildProcess _process;
    private readonly string _script;

    private PythonServerProcess(ChildProcess process, string script, int port)
    {
        _process = process;
        _script = script;
        Port = port;
    }

    public int Port { get; }

    public string Address => $"http://127.0.0.1:{Port}";

    /// <summary>What the server wrote to stderr so far (grpc core errors, Python tracebacks).</summary>
    public string Stderr => _process.Stderr;

    /// <summary>A description of the server's state for failure messages.</summary>
    public string Describe() =>
        $"python {_script} on port {Port} ({(_process.HasExited ? $"EXITED with code {_process.ExitCode}" : "running")})\n--- server stderr ---\n{Stderr}";

    /// <summary>Starts <paramref name="script"/> and waits (up to <paramref name="startTimeout"/>) for its READY line.</summary>
    public static async Task<PythonServerProcess> StartAsync(PythonPeer peer, string script, TimeSpan startTimeout)
    {
        await peer.EnsureAvailableAsync();
        var process = peer.Start(script, "--port", "0");
        string failure;
        try
        {
            // The first stdout line is "READY <port>"; anything else (or nothing in time) is a failure.
            var line = await process.WaitForLineAsync(_ => true, startTimeout);
            if (line.StartsWith("READY ", StringComparison.Ordinal) && int.TryParse(line.AsSpan(6), out var port))
            {
                return new PythonServerProcess(process, script, port);
            }

            failure = $"{script} did not start: first stdout line {line}";
        }
        catch (TimeoutException)
        {
            failure = $"{script} did not print READY within {startTimeout.TotalSeconds}s.";
        }
        catch (InvalidOperationException)
        {
            // It exited without printing a line.
            failure = $"{script} did not start: first stdout line <none>";
        }
        catch
        {
            process.Kill();
            await process.DisposeAsync();
            throw;
        }

        // Kill it first so that its stderr is complete in the message.
        process.Kill();
        await process.DisposeAsync();
        throw new InvalidOperationException($"{failure}\n--- stderr ---\n{process.Stderr}");
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
