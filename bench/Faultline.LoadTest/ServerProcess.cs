using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace Faultline.LoadTest;

/// <summary>
/// A server under test running as a child process of this program, pinned to one core with
/// <c>taskset</c> (which execs the server, so the process id is the server's own).
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    // USER_HZ, the unit of the CPU times in /proc/<pid>/stat; 100 on every Linux the test targets.
    private const double ClockTicksPerSecond = 100;

    // h2c with prior knowledge, as the servers speak HTTP/2 only.
    private static readonly HttpClient Http = new() { DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };

    private readonly Process _process;

    private ServerProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public static async Task<ServerProcess> StartAsync(string kind, int cpu, string logging)
    {
        var start = new ProcessStartInfo("taskset")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(cpu.ToString(CultureInfo.InvariantCulture));
        foreach (var argument in SelfCommand())
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add("--serve");
        start.ArgumentList.Add(kind);
        start.ArgumentList.Add("--logging");
        start.ArgumentList.Add(logging);

        var process = Process.Start(start) ?? throw new InvalidOperationException("taskset did not start.");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("READY ", StringComparison.Ordinal))
            {
                // What the server logs from here on is read and dropped, so its console never blocks.
                _ = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
                return new ServerProcess(process, int.Parse(line.AsSpan(6), CultureInfo.InvariantCulture));
            }
        }

        process.Kill();
        throw new InvalidOperationException($"The {kind} server exited before it was ready (exit code {process.ExitCode}).");
    }

    /// <summary>The CPU time (user + system) the server has used so far.</summary>
    public TimeSpan CpuTime()
    {
        var stat = File.ReadAllText($"/proc/{_process.Id}/stat");
        // Fields after the command name, which is in parentheses and may contain spaces: state is
        // the first, utime the 12th and stime the 13th.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / ClockTicksPerSecond);
    }

    /// <summary>What the server has allocated so far, as it reports it.</summary>
    public async Task<long> AllocatedBytesAsync() =>
        long.Parse(await Http.GetStringAsync($"http://127.0.0.1:{Port}/stats/allocated"), CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        // The server stops when its standard input closes.
        _process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill();
        }

        _process.Dispose();
    }

    // This program again: its apphost, or "dotnet <dll>" when started through dotnet.
    private static IEnumerable<string> SelfCommand()
    {
        var host = Environment.ProcessPath ?? throw new InvalidOperationException("The process path is unknown.");
        yield return host;
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            yield return typeof(ServerProcess).Assembly.Location;
        }
    }
}
