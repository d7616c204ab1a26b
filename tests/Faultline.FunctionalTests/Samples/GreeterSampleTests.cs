using System.Net;
using System.Net.Sockets;

namespace Faultline.FunctionalTests.Samples;

/// <summary>
/// Keeps the README's sample commands true, run as the README runs them (the sample's own program,
/// in a process of its own): the demo, and the server alone with the client against it.
/// </summary>
public class GreeterSampleTests
{
    private static readonly string[] DemoLines =
    [
        "SayHello: Hello, World!",
        "SayHello again: RESOURCE_EXHAUSTED (Request limit exceeded.)",
        "  QuotaFailure: name: World: Limit one greeting per person",
        """  as JSON: { "code": 8, "message": "Request limit exceeded.", "details": [ { "@type": "type.googleapis.com/google.rpc.QuotaFailure", "violations": [ { "subject": "name: World", "description": "Limit one greeting per person" } ] } ] }""",
        "SayHello with no name: INVALID_ARGUMENT (Name must not be empty.)",
        "  BadRequest: field 'name': A name is required to say hello.",
        "SayHelloStreamReply: Hello, World!",
        "SayHelloStreamReply: Bonjour, World!",
        "SayHelloStreamReply: Hola, World!",
        "SayHelloBidiStream: Hello, Alice!",
        "SayHelloBidiStream: Hello, Bob!",
        "SayGoodbye: UNIMPLEMENTED (Method is unimplemented.)",
    ];

    private static string GreeterDll => typeof(Greeter.GreeterDemo).Assembly.Location;

    [Fact]
    public async Task Demo_StartsTheServer_CallsEveryMethod_PrintsTheRichErrors_AndExitsZero()
    {
        var result = await ChildProcess.RunAsync(TimeSpan.FromSeconds(60), "dotnet", [GreeterDll]);

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        Assert.StartsWith("Greeter server listening on http://127.0.0.1:", lines[0], StringComparison.Ordinal);
        Assert.Equal(DemoLines.Select(l => l.Trim()), lines.Skip(1));
    }

    [Fact]
    public async Task ServerAlone_AndTheClientAgainstIt()
    {
        var port = FreePort();
        await using var server = ChildProcess.Start("dotnet", [GreeterDll, "server", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await server.WaitForLineAsync(line => line.StartsWith("Greeter server listening on", StringComparison.Ordinal), TimeSpan.FromSeconds(30));

        var first = await ChildProcess.RunAsync(TimeSpan.FromSeconds(60), "dotnet", [GreeterDll, "client", "--address", $"http://127.0.0.1:{port}", "--name", "Ada"]);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("SayHello: Hello, Ada!", first.Stdout, StringComparison.Ordinal);
        Assert.Contains("QuotaFailure: name: Ada: Limit one greeting per person", first.Stdout, StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
