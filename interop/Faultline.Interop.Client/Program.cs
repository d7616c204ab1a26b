using System.CommandLine;
using Faultline.Interop.Client;

// The gRPC interop test client on Grpc.Net.Client with Faultline's client pipeline, with the flags of
// the official interop clients:
//   dotnet run --project interop/Faultline.Interop.Client -- --server_host=127.0.0.1 --server_port=50051 --test_case=all
// Prints "PASS <case>" or "FAIL <case>: <reason>" per case; exit code 0 when every case passed, 1
// when one failed, 2 for bad flags.
// See docs/interop.md.
var hostOption = new Option<string>("--server_host") { Description = "The server host to connect to.", DefaultValueFactory = _ => "localhost" };
var overrideOption = new Option<string?>("--server_host_override") { Description = "The host name to claim for TLS (SNI and certificate check); default: --server_host." };
var portOption = new Option<int>("--server_port") { Description = "The server port to connect to.", DefaultValueFactory = _ => 8080 };
var caseOption = new Option<string>("--test_case") { Description = $"The case to run, a comma-separated list, or 'all'. Cases: {string.Join(", ", InteropClient.Cases)}.", DefaultValueFactory = _ => "large_unary" };
var tlsOption = new Option<bool>("--use_tls") { Description = "TLS (ALPN h2) instead of plaintext HTTP/2 (h2c).", Arity = ArgumentArity.ZeroOrOne };
var testCaOption = new Option<bool>("--use_test_ca") { Description = "Trust only the CA in --ca_file instead of the system's roots (certificates are still checked).", Arity = ArgumentArity.ZeroOrOne };
var caFileOption = new Option<string?>("--ca_file") { Description = "PEM root certificate for --use_test_ca=true, e.g. what the Faultline interop server wrote with --cert_file." };
var skipProbeOption = new Option<bool>("--skip_compression_probe") { Description = "Skip the expect_compressed probe of client_compressed_unary/streaming, for servers that cannot check it (e.g. grpcio's).", Arity = ArgumentArity.ZeroOrOne };
var wireOption = new Option<bool>("--wire_checks") { Description = "Observe message frames on the wire to check compressed flags and zero-length messages.", DefaultValueFactory = _ => true, Arity = ArgumentArity.ZeroOrOne };
var listOption = new Option<bool>("--list") { Description = "Print the case names and exit.", Arity = ArgumentArity.ZeroOrOne };

var root = new RootCommand("gRPC interop test client on Grpc.Net.Client with Faultline's client pipeline.")
{
    hostOption,
    overrideOption,
    portOption,
    caseOption,
    tlsOption,
    testCaOption,
    caFileOption,
    skipProbeOption,
    wireOption,
    listOption,
};
root.SetAction(async (parse, cancellationToken) =>
{
    if (parse.GetValue(listOption))
    {
        Console.WriteLine(string.Join(Environment.NewLine, InteropClient.Cases));
        return 0;
    }

    var testCase = parse.GetValue(caseOption)!;
    var cases = testCase == "all" ? InteropClient.Cases : testCase.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    var unknown = cases.Where(c => !InteropClient.Cases.Contains(c)).ToArray();
    if (unknown.Length > 0)
    {
        Console.Error.WriteLine($"Unknown test case(s): {string.Join(", ", unknown)}. Known: {string.Join(", ", InteropClient.Cases)}, or 'all'.");
        return 2;
    }

    var settings = new ClientSettings
    {
        ServerHost = parse.GetValue(hostOption)!,
        ServerHostOverride = parse.GetValue(overrideOption),
        ServerPort = parse.GetValue(portOption),
        UseTls = parse.GetValue(tlsOption),
        UseTestCa = parse.GetValue(testCaOption),
        CaFile = parse.GetValue(caFileOption),
        SkipCompressionProbe = parse.GetValue(skipProbeOption),
        WireChecks = parse.GetValue(wireOption),
    };
    if (settings.UseTestCa && string.IsNullOrEmpty(settings.CaFile))
    {
        Console.Error.WriteLine("--use_test_ca=true needs --ca_file=PEM (e.g. the file the interop server wrote with --cert_file).");
        return 2;
    }

    return await InteropClient.RunAsync(settings, cases, Console.Out, cancellationToken);
});

// Bad flags (unknown ones, unparsable values) exit with 2, as the official interop binaries do.
var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    foreach (var error in parsed.Errors)
    {
        Console.Error.WriteLine(error.Message);
    }

    return 2;
}

return await parsed.InvokeAsync();
