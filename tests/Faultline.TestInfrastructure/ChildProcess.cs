using System.Diagnostics;
using System.Text;

namespace Faultline.TestInfrastructure;

/// <summary>
/// A process started by a test (the Python peer, the interop command-line tools): stdout and stderr
/// are collected as they come, every wait has a timeout, and disposing closes its stdin (the test
/// servers' cue to stop) and kills it if it has not exited within a few seconds, so no test run
/// leaves a process behind.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Task _stdoutPump;
    private readonly Task _stderrPump;

    private ChildProcess(Process process, string description)
    {
        _process = process;
        Description = description;
        _stdoutPump = PumpAsync(process.StandardOutput, _stdout);
        _stderrPump = PumpAsync(process.StandardError, _stderr);
    }

    public string Description { get; }

    public string Stdout => Read(_stdout);

    public string Stderr => Read(_stderr);

    public bool HasExited => _process.HasExited;

    /// <summary>The exit code; only valid once <see cref="HasExited"/>.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Starts <paramref name="fileName"/> with <paramref name="arguments"/>; stdin stays open until disposal.</summary>
    public static ChildProcess Start(string fileName, IEnumerable<string> arguments, string? workingDirectory = null, IDictionary<string, string>? environment = null)
    {
        var psi = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory ?? AppContext.BaseDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            psi.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            psi.Environment[key] = value;
        }

        var process = Process.Start(psi) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        return new ChildProcess(process, $"{fileName} {string.Join(" ", psi.ArgumentList)}");
    }

    /// <summary>
    /// Waits for a complete stdout line matching <paramref name="match"/> (<c>_ =&gt; true</c>: the first
    /// line); fails (with the output so far) on exit or timeout.
    /// </summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            var line = Lines(exited: false).FirstOrDefault(match);
            if (line is not null)
            {
                return line;
            }

            if (_process.HasExited)
            {
                await Task.WhenAny(_stdoutPump, Task.Delay(1000));
                line = Lines(exited: true).FirstOrDefault(match);
                return line ?? throw new InvalidOperationException($"{Description} exited (code {_process.ExitCode}) before printing the expected line.\n{Describe()}");
            }

            await Task.Delay(25);
        }

        throw new TimeoutException($"{Description} did not print the expected line within {timeout.TotalSeconds:0}s.\n{Describe()}");
    }

    /// <summary>Waits for the process to exit; kills it (and reports a timeout) after <paramref name="timeout"/>.</summary>
    public async Task<ProcessResult> WaitForExitAsync(TimeSpan timeout)
    {
        var timedOut = false;
        using (var cts = new CancellationTokenSource(timeout))
        {
            try
            {
                await _process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                timedOut = true;
                Kill();
            }
        }

        await Task.WhenAll(_stdoutPump, _stderrPump).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return new ProcessResult(timedOut ? -1 : _process.ExitCode, timedOut, Stdout, Stderr);
    }

    /// <summary>Runs a process to completion (stdin closed at once).</summary>
    public static async Task<ProcessResult> RunAsync(TimeSpan timeout, string fileName, IEnumerable<string> arguments, string? workingDirectory = null, IDictionary<string, string>? environment = null)
    {
        await using var process = Start(fileName, arguments, workingDirectory, environment);
        process._process.StandardInput.Close();
        return await process.WaitForExitAsync(timeout);
    }

    public string Describe() =>
        $"--- {Description} ({(_process.HasExited ? $"exited with code {_process.ExitCode}" : "running")}) ---\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                try
                {
                    _process.StandardInput.Close();
                }
                catch (IOException)
                {
                    // Already gone.
                }

                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                try
                {
                    await _process.WaitForExitAsync(cts.Token);
                }
                catch (OperationCanceledException)
                {
                    Kill();
                }
            }

            await Task.WhenAll(_stdoutPump, _stderrPump).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        finally
        {
            _process.Dispose();
        }
    }

    /// <summary>Kills the process and its children, if it is still running.</summary>
    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    /// <summary>
    /// The stdout lines so far. The text after the last newline is a line still arriving while the
    /// process runs, so it counts only once the process has <paramref name="exited"/>.
    /// </summary>
    private List<string> Lines(bool exited)
    {
        var lines = Stdout.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        if (!exited || lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        return lines;
    }

    private static string Read(StringBuilder builder)
    {
        lock (builder)
        {
            return builder.ToString();
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

/// <summary>The outcome of a finished (or killed) process.</summary>
public sealed record ProcessResult(int ExitCode, bool TimedOut, string Stdout, string Stderr)
{
    public override string ToString() =>
        $"exit code {ExitCode}{(TimedOut ? " (killed: timed out)" : "")}\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";
}
