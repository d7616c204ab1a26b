using System.Diagnostics;
using System.Text;

namespace Faultline.RichInteropTests.Infrastructure;

/// <summary>
/// Runs the grpcio side: Debian's python3-grpcio and python3-protobuf under /usr/bin/python3, with
/// /usr/bin/protoc generating the _pb2 modules at run time (python/rich_proto.py).
/// </summary>
public static class PythonPeer
{
    public const string Python = "/usr/bin/python3";

    public const string InstallHint =
        "The rich-error interop tests need Debian's grpcio peer: run `apt-get install -y python3-grpcio python3-protobuf protobuf-compiler` " +
        "(./test.sh and CI install them). They are used through /usr/bin/python3 and /usr/bin/protoc.";

    private static readonly Lazy<Task<string>> Availability = new(CheckAvailabilityAsync);

    /// <summary>The scripts, copied next to the test assembly by the build (the protos are in ../Protos).</summary>
    public static string ScriptDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "python");

    /// <summary>Fails (never skips) when the peer is missing; returns a description of its versions.</summary>
    public static Task<string> EnsureAvailableAsync() => Availability.Value;

    /// <summary>Starts a python script with stdin/stdout/stderr redirected.</summary>
    public static Process Start(string script, params string[] args)
    {
        var psi = new ProcessStartInfo(Python)
        {
            WorkingDirectory = ScriptDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        psi.ArgumentList.Add(Path.Combine(ScriptDirectory, script));
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }

        psi.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        psi.Environment["PYTHONUNBUFFERED"] = "1";
        psi.Environment["PYTHONIOENCODING"] = "utf-8";
        // Keep the peer's gRPC core quiet unless something is wrong (its stderr ends up in failure messages).
        psi.Environment["GRPC_VERBOSITY"] = "ERROR";
        return Process.Start(psi) ?? throw new InvalidOperationException($"Could not start {Python} {script}.");
    }

    /// <summary>Runs a python script to completion; kills it (and reports it as timed out) after <paramref name="timeout"/>.</summary>
    public static async Task<ProcessResult> RunAsync(TimeSpan timeout, string script, params string[] args)
    {
        using var process = Start(script, args);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            timedOut = true;
            Kill(process);
        }

        return new ProcessResult(timedOut ? -1 : process.ExitCode, timedOut, await ReadAsync(stdout), await ReadAsync(stderr));
    }

    /// <summary>Kills <paramref name="process"/> and its children, if it is still running.</summary>
    public static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    /// <summary>The output of a pipe, or a note when it did not end (a stray child holding it open).</summary>
    private static async Task<string> ReadAsync(Task<string> pipe)
    {
        try
        {
            return await pipe.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (TimeoutException)
        {
            return "<the output did not end within 5 s of the process>";
        }
    }

    private static async Task<string> CheckAvailabilityAsync()
    {
        if (!File.Exists(Python))
        {
            throw new InvalidOperationException($"{Python} does not exist. {InstallHint}");
        }

        var check = await RunAsync(TimeSpan.FromSeconds(30), "rich_proto.py", "--check");
        if (check.ExitCode != 0)
        {
            throw new InvalidOperationException($"The Python gRPC peer is not usable. {InstallHint}\n{check}");
        }

        return check.Stdout.Trim();
    }
}

/// <summary>The outcome of a finished (or killed) process.</summary>
public sealed record ProcessResult(int ExitCode, bool TimedOut, string Stdout, string Stderr)
{
    public override string ToString() =>
        $"exit code {ExitCode}{(TimedOut ? " (killed: timed out)" : "")}\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";
}
