using System.CommandLine;
using Faultline.Interop.Server;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// The gRPC interop test server on grpc-dotnet with Faultline's server pipeline, with the flags of the
// official interop servers:
//   dotnet run --project interop/Faultline.Interop.Server -- --port=50051 --use_tls=false
// See docs/interop.md.
var portOption = new Option<int>("--port") { Description = "Port to listen on, on 127.0.0.1 (0: any free port; the chosen one is printed).", DefaultValueFactory = _ => 8080 };
var tlsOption = new Option<bool>("--use_tls") { Description = "TLS (with ALPN h2) using a certificate generated at start-up, instead of plaintext HTTP/2 (h2c).", Arity = ArgumentArity.ZeroOrOne };
var certFileOption = new Option<string?>("--cert_file") { Description = "With --use_tls=true: write the CA certificate (PEM) that signed the server certificate here, for clients to trust (client: --use_test_ca=true --ca_file=PATH)." };
var verboseOption = new Option<bool>("--verbose") { Description = "Print every call as seen on the wire (encodings, message frames, status) and Faultline's log.", Arity = ArgumentArity.ZeroOrOne };
var stdinOption = new Option<bool>("--exit_on_stdin_eof") { Description = "Stop when standard input reaches its end (for test harnesses, so the server never outlives them).", Arity = ArgumentArity.ZeroOrOne };

var root = new RootCommand("gRPC interop test server (grpc.testing.TestService) on grpc-dotnet with Faultline's server pipeline.")
{
    portOption,
    tlsOption,
    certFileOption,
    verboseOption,
    stdinOption,
};
root.SetAction(async (parse, cancellationToken) =>
{
    var useTls = parse.GetValue(tlsOption);
    var certFile = parse.GetValue(certFileOption);
    var verbose = parse.GetValue(verboseOption);
    if (certFile is not null && !useTls)
    {
        Console.Error.WriteLine("--cert_file needs --use_tls=true.");
        return 2;
    }

    using var certificates = useTls ? TestCertificates.Create() : null;
    if (certificates is not null && certFile is not null)
    {
        await File.WriteAllTextAsync(certFile, certificates.CaPem, cancellationToken);
    }

    await using var app = InteropServer.Build(new InteropServerOptions
    {
        Port = parse.GetValue(portOption),
        UseTls = useTls,
        Certificates = certificates,
        OnCallCompleted = verbose ? call => Console.WriteLine(call) : null,
        ConfigureLogging = logging =>
        {
            logging.AddSimpleConsole(o => o.SingleLine = true);
            logging.SetMinimumLevel(verbose ? LogLevel.Information : LogLevel.Warning);
        },
    });
    await app.StartAsync(cancellationToken);
    Console.WriteLine($"Faultline interop server listening on 127.0.0.1:{InteropServer.GetPort(app)} ({(useTls ? "TLS" : "h2c")})" +
        (certFile is not null ? $"; CA certificate written to {certFile}" : ""));

    if (parse.GetValue(stdinOption))
    {
        _ = Task.Run(async () =>
        {
            await Console.In.ReadToEndAsync();
            await app.StopAsync();
        });
    }

    await app.WaitForShutdownAsync(cancellationToken);
    return 0;
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
