using System.CommandLine;
using FrontAndUsers;
using Microsoft.Extensions.Hosting;

// dotnet run --project samples/FrontAndUsers                  -> the demo (both services + the edge clients, then exit)
// dotnet run --project samples/FrontAndUsers -- server users --port 50061
// dotnet run --project samples/FrontAndUsers -- server front --port 50062 --users http://127.0.0.1:50061
// dotnet run --project samples/FrontAndUsers -- client --front http://127.0.0.1:50062 --users http://127.0.0.1:50061
const string UsersAddress = "http://127.0.0.1:50061";
const string FrontAddress = "http://127.0.0.1:50062";

var usersPort = PortOption(50061);
var usersCommand = new Command("users", "Run the users service (users.v1.Users) until Ctrl+C.") { usersPort };
usersCommand.SetAction((parseResult, cancellationToken) =>
    ServeAsync(UsersServer.Build(parseResult.GetValue(usersPort)), "Users service (users.v1.Users)", cancellationToken));

var frontPort = PortOption(50062);
var usersOption = AddressOption("--users", "The users service.", UsersAddress);
var frontCommand = new Command("front", "Run the front service (front.v1.Accounts) until Ctrl+C.") { frontPort, usersOption };
frontCommand.SetAction((parseResult, cancellationToken) =>
    ServeAsync(FrontServer.Build(parseResult.GetValue(frontPort), new Uri(parseResult.GetValue(usersOption)!)), "Front service (front.v1.Accounts)", cancellationToken));

var serverCommand = new Command("server", "Run one of the services.") { usersCommand, frontCommand };

var frontOption = AddressOption("--front", "The front service.", FrontAddress);
var clientUsersOption = AddressOption("--users", "The users service.", UsersAddress);
var clientPython = PythonOption();
var clientCommand = new Command("client", "Call running services: users directly, then the front from the C# and Python edge clients.") { frontOption, clientUsersOption, clientPython };
clientCommand.SetAction(async (parseResult, cancellationToken) =>
{
    var front = parseResult.GetValue(frontOption)!;
    await UsersCalls.RunAsync(parseResult.GetValue(clientUsersOption)!, cancellationToken);
    await EdgeClient.RunAsync(front, usersSide: null, cancellationToken);
    return await PythonEdge.RunAsync(parseResult.GetValue(clientPython)!, front, usersSide: null, cancellationToken) ? 0 : 1;
});

var python = PythonOption();
var root = new RootCommand("Faultline FrontAndUsers sample: exceptions and deadlines across two services. With no command: start both, call them, print what comes back and exit.")
{
    serverCommand,
    clientCommand,
    python,
};
root.SetAction((parseResult, cancellationToken) => Demo.RunAsync(parseResult.GetValue(python)!, cancellationToken));
return await root.Parse(args).InvokeAsync();

static Option<int> PortOption(int port) =>
    new("--port") { Description = "Port to listen on (127.0.0.1).", DefaultValueFactory = _ => port };

static Option<string> AddressOption(string name, string description, string address) =>
    new(name) { Description = description, DefaultValueFactory = _ => address };

static Option<string> PythonOption() =>
    new("--python") { Description = "The Python with grpcio for the Python edge client.", DefaultValueFactory = _ => PythonEdge.DefaultPython };

static async Task<int> ServeAsync(Microsoft.AspNetCore.Builder.WebApplication app, string name, CancellationToken cancellationToken)
{
    await using (app)
    {
        await app.StartAsync(cancellationToken);
        Console.WriteLine($"{name} listening on {SampleHost.GetAddress(app)} (h2c). Press Ctrl+C to stop.");
        await app.WaitForShutdownAsync(cancellationToken);
        return 0;
    }
}
