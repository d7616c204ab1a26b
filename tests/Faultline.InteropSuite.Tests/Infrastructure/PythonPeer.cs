namespace Faultline.InteropSuite.Tests.Infrastructure;

/// <summary>
/// The grpcio side: Debian's python3-grpcio and python3-protobuf under /usr/bin/python3, with
/// /usr/bin/protoc generating the message classes at start-up (interop/python/interop_proto.py).
/// </summary>
public static class PythonPeer
{
    public const string Python = "/usr/bin/python3";

    public const string InstallHint =
        "The interop suite needs Debian's grpcio peer: `apt-get install -y python3-grpcio python3-protobuf protobuf-compiler` " +
        "(./test.sh installs them). They are used through /usr/bin/python3 and /usr/bin/protoc.";

    private static readonly Lazy<Task<string>> Availability = new(CheckAvailabilityAsync);

    /// <summary>The scripts, copied next to the test assembly by the build (with ../Protos).</summary>
    public static string ScriptDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "python");

    /// <summary>Fails (never skips) when the peer is missing; returns its versions.</summary>
    public static Task<string> EnsureAvailableAsync() => Availability.Value;

    private static readonly Dictionary<string, string> Environment = new()
    {
        ["PYTHONDONTWRITEBYTECODE"] = "1",
        ["PYTHONUNBUFFERED"] = "1",
        ["PYTHONIOENCODING"] = "utf-8",
        // Keep grpc core quiet unless something is wrong (stderr ends up in failure messages).
        ["GRPC_VERBOSITY"] = "ERROR",
    };

    public static ChildProcess Start(string script, params string[] args) =>
        ChildProcess.Start(Python, [Path.Combine(ScriptDirectory, script), .. args], ScriptDirectory, Environment);

    public static Task<ProcessResult> RunAsync(TimeSpan timeout, string script, params string[] args) =>
        ChildProcess.RunAsync(timeout, Python, [Path.Combine(ScriptDirectory, script), .. args], ScriptDirectory, Environment);

    private static async Task<string> CheckAvailabilityAsync()
    {
        if (!File.Exists(Python))
        {
            throw new InvalidOperationException($"{Python} does not exist. {InstallHint}");
        }

        var check = await RunAsync(TimeSpan.FromSeconds(60), "interop_proto.py", "--check");
        if (check.ExitCode != 0)
        {
            throw new InvalidOperationException($"The Python gRPC peer is not usable. {InstallHint}\n{check}");
        }

        return check.Stdout.Trim();
    }
}
