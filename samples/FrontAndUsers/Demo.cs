using Microsoft.Extensions.DependencyInjection;

namespace FrontAndUsers;

/// <summary>
/// The demo: start the users and front services (each its own Kestrel, in this process), call users
/// directly, then the front from a C# and a Python edge client, print everything, stop.
/// </summary>
public static class Demo
{
    public static async Task<int> RunAsync(string python, CancellationToken cancellationToken)
    {
        await using var users = UsersServer.Build(port: 0);
        await users.StartAsync(cancellationToken);
        var usersAddress = SampleHost.GetAddress(users);
        await using var front = FrontServer.Build(port: 0, new Uri(usersAddress));
        await front.StartAsync(cancellationToken);
        var frontAddress = SampleHost.GetAddress(front);
        Console.WriteLine($"Users service (users.v1.Users) listening on {usersAddress}");
        Console.WriteLine($"Front service (front.v1.Accounts) listening on {frontAddress}, calling users at {usersAddress}");

        try
        {
            var usersSide = users.Services.GetRequiredService<CancelledDeletions>();
            await UsersCalls.RunAsync(usersAddress, cancellationToken);
            await EdgeClient.RunAsync(frontAddress, usersSide, cancellationToken);
            return await PythonEdge.RunAsync(python, frontAddress, usersSide, cancellationToken) ? 0 : 1;
        }
        finally
        {
            await front.StopAsync(CancellationToken.None);
            await users.StopAsync(CancellationToken.None);
        }
    }
}
