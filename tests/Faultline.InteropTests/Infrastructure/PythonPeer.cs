using System.Diagnostics;
using System.Text;

namespace Faultline.InteropTests.Infrastructure;

/// <summary>
/// Runs the grpcio side of the interop tests: Debian's python3-grpcio and python3-protobuf under
/// /usr/bin/python3, with /usr/bin/protoc generating probe_pb2 at run time.
/// </summary>
public static class PythonPeer
{
    public const string Python = "/usr/bin/python3";

    public const string InstallHint =
        "The interop tests need Debian's grpcio peer: run `apt-get install -y python3-grpcio python3-protobuf protobuf-compiler` " +
        "(CI installs them). They are used through /usr/bin/python3 and /usr/bin/protoc.";

    private static readonly Lazy<Task<string>> Availability = new(CheckAvailabilityAsync);

    /// <summary>The scripts, copied next to the test assembly by the build.</summary>
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

    /// <summary>Runs a python script to completion; kills it (and fails) after <paramref name="timeout"/>.</summary>
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
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        return new ProcessResult(timedOut ? -1 : process.ExitCode, timedOut, await stdout, await stderr);
    }

    private static async Task<string> CheckAvailabilityAsync()
    {
        if (!File.Exists(Python))
        {
            throw new InvalidOperationException($"{Python} does not exist. {InstallHint}");
        }

        var check = await RunAsync(
            TimeSpan.FromSeconds(60),
            "probe_proto.py",
            "--check");
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
