using System.CommandLine;
using Greeter;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// dotnet run --project samples/Greeter                        -> the demo (server + client, then exit)
// dotnet run --project samples/Greeter -- server --port 50051 -> the server alone, for other clients
// dotnet run --project samples/Greeter -- client --address http://127.0.0.1:50051 --name Ada
var portOption = new Option<int>("--port") { Description = "Port to listen on (127.0.0.1).", DefaultValueFactory = _ => 50051 };
var serverCommand = new Command("server", "Run the Greeter server until Ctrl+C.") { portOption };
serverCommand.SetAction(async (parseResult, cancellationToken) =>
{
    var port = parseResult.GetValue(portOption);
    await using var app = GreeterServer.Build(port, LogLevel.Information);
    await app.StartAsync(cancellationToken);
    Console.WriteLine($"Greeter server listening on {GreeterServer.GetAddress(app)} (h2c). Press Ctrl+C to stop.");
    await app.WaitForShutdownAsync(cancellationToken);
    return 0;
});

var addressOption = new Option<string>("--address") { Description = "Server address.", DefaultValueFactory = _ => "http://127.0.0.1:50051" };
var nameOption = new Option<string>("--name") { Description = "Name to greet.", DefaultValueFactory = _ => "World" };
var clientCommand = new Command("client", "Call a running Greeter server.") { addressOption, nameOption };
clientCommand.SetAction(async (parseResult, cancellationToken) =>
{
    await GreeterDemo.CallAsync(parseResult.GetValue(addressOption)!, parseResult.GetValue(nameOption)!, cancellationToken);
    return 0;
});

var root = new RootCommand("Faultline Greeter sample. With no command: start a server, call it, print the replies and exit.")
{
    serverCommand,
    clientCommand,
};
root.SetAction((_, cancellationToken) => GreeterDemo.RunAsync(cancellationToken));
return await root.Parse(args).InvokeAsync();
