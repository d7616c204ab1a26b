namespace Faultline.TestInfrastructure;

/// <summary>
/// The grpcio side of the cross-language tests: Debian's python3-grpcio and python3-protobuf under
/// /usr/bin/python3, with /usr/bin/protoc generating the _pb2 modules at run time. Each test project
/// has one, naming the script whose <c>--check</c> proves its protos compile and import.
/// </summary>
public sealed class PythonPeer
{
    public const string Python = "/usr/bin/python3";

    public const string InstallHint =
        "These tests need Debian's grpcio peer: run `apt-get install -y python3-grpcio python3-protobuf protobuf-compiler` " +
        "(./test.sh and CI install them). They are used through /usr/bin/python3 and /usr/bin/protoc.";

    private static readonly Dictionary<string, string> Environment = new()
    {
        ["PYTHONDONTWRITEBYTECODE"] = "1",
        ["PYTHONUNBUFFERED"] = "1",
        ["PYTHONIOENCODING"] = "utf-8",
        // Keep the peer's gRPC core quiet unless something is wrong (its stderr ends up in failure messages).
        ["GRPC_VERBOSITY"] = "ERROR",
    };

    private readonly Lazy<Task<string>> _availability;

    /// <param name="checkScript">A script in <see cref="ScriptDirectory"/> that, run with <c>--check</c>, exits 0 and prints the peer's versions when all is usable.</param>
    /// <param name="checkTimeout">How long that check may take (it runs protoc); 60 s when null.</param>
    public PythonPeer(string checkScript, TimeSpan? checkTimeout = null) =>
        _availability = new(() => CheckAvailabilityAsync(checkScript, checkTimeout ?? TimeSpan.FromSeconds(60)));

    /// <summary>The scripts, copied next to the test assembly by the build (any protos they compile in ../Protos).</summary>
    public static string ScriptDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "python");

    /// <summary>Fails (never skips) when the peer is missing; returns a description of its versions. The check runs once.</summary>
    public Task<string> EnsureAvailableAsync() => _availability.Value;

    /// <summary>Starts a python script from <see cref="ScriptDirectory"/>; its stdin stays open until disposal.</summary>
    public ChildProcess Start(string script, params string[] args) =>
        ChildProcess.Start(Python, [Path.Combine(ScriptDirectory, script), .. args], ScriptDirectory, Environment);

    /// <summary>Runs a python script to completion; kills it (and reports it as timed out) after <paramref name="timeout"/>.</summary>
    public Task<ProcessResult> RunAsync(TimeSpan timeout, string script, params string[] args) =>
        ChildProcess.RunAsync(timeout, Python, [Path.Combine(ScriptDirectory, script), .. args], ScriptDirectory, Environment);

    private async Task<string> CheckAvailabilityAsync(string checkScript, TimeSpan checkTimeout)
    {
        if (!File.Exists(Python))
        {
            throw new InvalidOperationException($"{Python} does not exist. {InstallHint}");
        }

        var check = await RunAsync(checkTimeout, checkScript, "--check");
        if (check.ExitCode != 0)
        {
            throw new InvalidOperationException($"The Python gRPC peer is not usable. {InstallHint}\n{check}");
        }

        return check.Stdout.Trim();
    }
}
