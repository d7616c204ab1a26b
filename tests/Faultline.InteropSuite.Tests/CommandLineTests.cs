using System.Net;
using System.Reflection;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Faultline.Interop.Client;
using Faultline.InteropSuite.Tests.Infrastructure;

namespace Faultline.InteropSuite.Tests;

/// <summary>
/// The interop server executable, started as the docs say (--port, --use_tls=true, --cert_file), for
/// the command-line tests: TLS with a CA made at start-up.
/// </summary>
public sealed partial class TlsServerProcessFixture(IMessageSink sink) : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("faultline-interop-").FullName;
    private ChildProcess? _server;

    public InteropReport Report { get; } = new(sink);

    public int Port { get; private set; }

    /// <summary>The CA certificate the server wrote (--cert_file).</summary>
    public string CaFile => Path.Combine(_directory, "ca.pem");

    public async Task InitializeAsync()
    {
        _server = Executables.Start(Executables.Server, "--port=0", "--use_tls=true", $"--cert_file={CaFile}", "--exit_on_stdin_eof");
        var line = await _server.WaitForLineAsync(l => Listening().IsMatch(l), TimeSpan.FromSeconds(60));
        Port = int.Parse(Listening().Match(line).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(File.Exists(CaFile), $"the server did not write {CaFile}\n{_server.Describe()}");
    }

    public string Describe() => _server?.Describe() ?? "(server not started)";

    public async Task DisposeAsync()
    {
        Report.WriteSummary();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Directory.Delete(_directory, recursive: true);
    }

    [GeneratedRegex(@"listening on 127\.0\.0\.1:(\d+) \(TLS\)")]
    private static partial Regex Listening();
}

/// <summary>Locates (in their own build output, recorded by the build) and starts the interop executables.</summary>
public static class Executables
{
    public static string Server { get; } = Locate("Faultline.Interop.Server");

    public static string Client { get; } = Locate("Faultline.Interop.Client");

    /// <summary>The dotnet host that runs the tests (DOTNET_HOST_PATH, set by dotnet test), else dotnet on PATH.</summary>
    public static string DotnetHost { get; } = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    public static ChildProcess Start(string dll, params string[] args) => ChildProcess.Start(DotnetHost, [dll, .. args]);

    public static Task<ProcessResult> RunAsync(TimeSpan timeout, string dll, params string[] args) => ChildProcess.RunAsync(timeout, DotnetHost, [dll, .. args]);

    private static string Locate(string name)
    {
        var path = typeof(Executables).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == name)?.Value;
        return path is not null && File.Exists(path)
            ? path
            : throw new InvalidOperationException($"{name}.dll is not where the build recorded it ({path ?? "no path recorded"}); build the interop projects first.");
    }
}

/// <summary>
/// The command-line tools as someone would run them by hand (docs/interop.md): the server executable
/// with TLS, called by the client executable and by the Python client, all cases; exit codes; case lists.
/// </summary>
public sealed class CommandLineTests(TlsServerProcessFixture server, ITestOutputHelper output) : IClassFixture<TlsServerProcessFixture>
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task ClientExecutable_ServerExecutable_Tls_AllCases()
    {
        var result = await Executables.RunAsync(
            RunTimeout, Executables.Client,
            "--server_host=127.0.0.1", $"--server_port={server.Port}", "--use_tls=true", "--use_test_ca=true", $"--ca_file={server.CaFile}", "--test_case=all");
        CheckAllPassed("faultline-cli->faultline-cli (tls)", result);
    }

    [Fact]
    public async Task ClientExecutable_ServerHostOverride_Tls()
    {
        // The official clients' way of naming the TLS host: connect to 127.0.0.1, claim foo.test.google.fr.
        var result = await Executables.RunAsync(
            RunTimeout, Executables.Client,
            "--server_host=127.0.0.1", "--server_host_override=foo.test.google.fr", $"--server_port={server.Port}",
            "--use_tls=true", "--use_test_ca=true", $"--ca_file={server.CaFile}", "--test_case=large_unary,ping_pong");
        CheckAllPassed("faultline-cli->faultline-cli (tls, host override)", result, ["large_unary", "ping_pong"]);
    }

    [Fact]
    public async Task PythonClient_ServerExecutable_Tls_AllCases()
    {
        await Peer.Python.EnsureAvailableAsync();
        var result = await Peer.Python.RunAsync(
            RunTimeout, "interop_client.py",
            "--server_host=127.0.0.1", $"--server_port={server.Port}", "--use_tls=true", "--use_test_ca=true", $"--ca_file={server.CaFile}", "--test_case=all");
        CheckAllPassed("python->faultline-cli (tls)", result);
    }

    [Fact]
    public async Task ClientExecutable_FailsWithNonZeroExitCodeAndAClearMessage()
    {
        // Nothing listens on this port.
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var result = await Executables.RunAsync(RunTimeout, Executables.Client, "--server_host=127.0.0.1", $"--server_port={port}", "--test_case=empty_unary");
        output.WriteLine(result.ToString());
        Assert.True(result.ExitCode == 1, $"expected exit code 1\n{result}");
        Assert.Matches(@"^FAIL empty_unary: unexpected UNAVAILABLE status: .+", result.Stdout.Trim());

        var unknown = await Executables.RunAsync(RunTimeout, Executables.Client, "--server_port=1", "--test_case=no_such_case");
        Assert.True(unknown.ExitCode == 2 && unknown.Stderr.Contains("Unknown test case(s): no_such_case", StringComparison.Ordinal), unknown.ToString());

        var badFlag = await Executables.RunAsync(RunTimeout, Executables.Client, "--server_port=not_a_number");
        Assert.True(badFlag.ExitCode == 2 && badFlag.Stderr.Contains("--server_port", StringComparison.Ordinal), badFlag.ToString());
    }

    [Fact]
    public async Task CaseLists_AgreeAcrossClients_AndCoverTheIssue()
    {
        await Peer.Python.EnsureAvailableAsync();
        var csharp = await Executables.RunAsync(RunTimeout, Executables.Client, "--list");
        var python = await Peer.Python.RunAsync(RunTimeout, "interop_client.py", "--list");
        Assert.Equal(InteropClient.Cases, Lines(csharp.Stdout));
        Assert.Equal(InteropClient.Cases, Lines(python.Stdout));
        Assert.Equal(InteropMatrix.Required.Order(), InteropClient.Cases.Order());
    }

    private void CheckAllPassed(string pair, ProcessResult result, IReadOnlyList<string>? cases = null)
    {
        cases ??= InteropClient.Cases;
        var lines = Lines(result.Stdout);
        var problems = new List<string>();
        foreach (var @case in cases)
        {
            var line = lines.FirstOrDefault(l => l.StartsWith($"PASS {@case}", StringComparison.Ordinal) || l.StartsWith($"FAIL {@case}:", StringComparison.Ordinal) || l.StartsWith($"SKIP {@case}:", StringComparison.Ordinal));
            var passed = line is not null && (line == $"PASS {@case}" || line.StartsWith($"PASS {@case} (", StringComparison.Ordinal));
            server.Report.Record(pair, @case, passed);
            server.Report.Write(output, passed ? $"PASS [{pair}] {line![5..]}" : $"FAIL [{pair}] {@case}: {line ?? "no result line"}");
            if (!passed)
            {
                problems.Add(@case);
            }
        }

        Assert.True(problems.Count == 0 && result.ExitCode == 0, $"{pair}: failed {string.Join(", ", problems)}; client {result}\n{server.Describe()}");
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
