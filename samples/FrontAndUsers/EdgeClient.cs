using Faultline;
using FrontAndUsers.FrontApi;
using Grpc.Net.Client;

namespace FrontAndUsers;

/// <summary>
/// The C# edge client: calls the front service through the Faultline client pipeline and prints
/// what each call ends with. It knows nothing of the users service; its errors are the front's.
/// </summary>
public static class EdgeClient
{
    /// <summary>The deadline of the call that shows deadlines crossing both hops.</summary>
    public static readonly TimeSpan SlowCallDeadline = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan CallDeadline = TimeSpan.FromSeconds(30);

    /// <param name="frontAddress">The front service.</param>
    /// <param name="usersSide">The users service's cancelled deletions when it runs in this process (the demo): the slow call's result is printed once the users service has reported its side.</param>
    /// <param name="cancellationToken">Stops the calls.</param>
    public static async Task RunAsync(string frontAddress, CancelledDeletions? usersSide, CancellationToken cancellationToken)
    {
        using var channel = GrpcChannel.ForAddress(frontAddress);
        var accounts = new Accounts.AccountsClient(channel.WithFaultline());
        Console.WriteLine("C# edge (Faultline client) -> front.v1.Accounts:");

        await CloseAccountAsync(accounts, "u-1", "CloseAccount(u-1)", CallDeadline, usersSide: null, cancellationToken);
        await CloseAccountAsync(accounts, "u-42", "CloseAccount(u-42)", CallDeadline, usersSide: null, cancellationToken);
        await CloseAccountAsync(accounts, UsersService.SlowUserId, $"CloseAccount({UsersService.SlowUserId}) with a {SlowCallDeadline.TotalSeconds} s deadline", SlowCallDeadline, usersSide, cancellationToken);
    }

    private static async Task CloseAccountAsync(Accounts.AccountsClient accounts, string userId, string call, TimeSpan deadline, CancelledDeletions? usersSide, CancellationToken cancellationToken)
    {
        try
        {
            var reply = await accounts.CloseAccountAsync(new CloseAccountRequest { UserId = userId }, deadline: DateTime.UtcNow + deadline, cancellationToken: cancellationToken);
            Console.WriteLine($"  {call}: closed the account of {reply.DisplayName}");
        }
        catch (GrpcException ex)
        {
            if (usersSide is not null)
            {
                await WaitForUsersSideAsync(usersSide, userId, cancellationToken);
            }

            StatusLines.Print(call, ex);
        }
    }

    /// <summary>Waits until the users service reports the cancelled deletion of <paramref name="userId"/>, or says it did not.</summary>
    public static async Task WaitForUsersSideAsync(CancelledDeletions usersSide, string userId, CancellationToken cancellationToken)
    {
        if (await usersSide.WaitForNextAsync(TimeSpan.FromSeconds(10), cancellationToken) != userId)
        {
            Console.WriteLine($"  (the users service reported no cancelled DeleteUser({userId}))");
        }
    }
}
