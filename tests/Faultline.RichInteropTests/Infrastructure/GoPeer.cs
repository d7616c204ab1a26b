namespace Faultline.RichInteropTests.Infrastructure;

/// <summary>
/// The grpc-go peer: go/rich_client.go, built on first use with Debian's Go toolchain and its
/// packaged grpc-go and genproto, offline: <c>GO111MODULE=off GOPATH=/usr/share/gocode</c>, no module
/// proxy. Missing packages fail the tests (never skip) with the install command.
/// </summary>
public static class GoPeer
{
    public const string Go = "/usr/bin/go";

    public const string GoPath = "/usr/share/gocode";

    public const string InstallHint =
        "The Go peer needs Debian's Go toolchain and packaged grpc-go: run `apt-get install -y golang-go golang-google-grpc-dev golang-google-genproto-dev` " +
        "(./test.sh and CI install them). It is built with /usr/bin/go, GO111MODULE=off and GOPATH=/usr/share/gocode.";

    private static readonly Lazy<Task<string>> Binary = new(BuildAsync);

    /// <summary>The built client (one build per test run; Go's build cache makes later runs quick).</summary>
    public static Task<string> EnsureBuiltAsync() => Binary.Value;

    /// <summary>Runs the client to completion; kills it (and reports it as timed out) after <paramref name="timeout"/>.</summary>
    public static async Task<ProcessResult> RunAsync(TimeSpan timeout, params string[] args)
    {
        var binary = await EnsureBuiltAsync();
        return await ChildProcess.RunAsync(timeout, binary, args, Path.GetDirectoryName(binary));
    }

    private static async Task<string> BuildAsync()
    {
        foreach (var required in new[] { Go, $"{GoPath}/src/google.golang.org/grpc/status", $"{GoPath}/src/google.golang.org/genproto/googleapis/rpc/errdetails" })
        {
            if (!File.Exists(required) && !Directory.Exists(required))
            {
                throw new InvalidOperationException($"{required} does not exist. {InstallHint}");
            }
        }

        var source = Path.Combine(AppContext.BaseDirectory, "go");
        var output = Path.Combine(AppContext.BaseDirectory, "go-bin", "rich_client_go");
        var environment = new Dictionary<string, string>
        {
            ["GO111MODULE"] = "off",
            ["GOPATH"] = GoPath,
            ["GOFLAGS"] = "",
            ["GOPROXY"] = "off",
            ["CGO_ENABLED"] = "0",
            // Kept between runs (the packaged grpc-go takes a few seconds to compile the first time).
            ["GOCACHE"] = Path.Combine(Path.GetTempPath(), "faultline-richinterop-gocache"),
        };
        var build = await ChildProcess.RunAsync(TimeSpan.FromSeconds(120), Go, ["build", "-o", output, "rich_client.go"], source, environment);
        if (build.ExitCode != 0)
        {
            throw new InvalidOperationException($"Building go/rich_client.go failed. {InstallHint}\n{build}");
        }

        return output;
    }
}
