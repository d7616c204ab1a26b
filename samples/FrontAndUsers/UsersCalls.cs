using Faultline;
using FrontAndUsers.UsersApi;
using Grpc.Core;
using Grpc.Net.Client;

namespace FrontAndUsers;

/// <summary>
/// Calls the users service directly, as any .NET client that registers <see cref="UserErrors.Catalog"/>
/// can: its failures come back as the users service's own exceptions, on unary and streaming calls alike.
/// </summary>
public static class UsersCalls
{
    public static async Task RunAsync(string usersAddress, CancellationToken cancellationToken)
    {
        using var channel = GrpcChannel.ForAddress(usersAddress);
        var users = new Users.UsersClient(channel.WithFaultline(o => o.DomainErrors.Add(UserErrors.Catalog)));
        Console.WriteLine("C# client -> users.v1.Users (Faultline client with UserErrors.Catalog):");

        using (var list = users.ListUsers(new ListUsersRequest(), cancellationToken: cancellationToken))
        {
            await foreach (var user in list.ResponseStream.ReadAllAsync(cancellationToken))
            {
                Console.WriteLine($"  ListUsers: {user.UserId} {user.DisplayName}");
            }
        }

        try
        {
            using var import = users.ImportUsers(cancellationToken: cancellationToken);
            await import.RequestStream.WriteAsync(new User { UserId = "u-4", DisplayName = "Barbara Liskov" }, cancellationToken);
            await import.RequestStream.WriteAsync(new User { UserId = "u-1", DisplayName = "Ada Lovelace" }, cancellationToken);
            await import.RequestStream.CompleteAsync();
            Console.WriteLine($"  ImportUsers [u-4, u-1]: imported {(await import).ImportedCount}");
        }
        catch (UserAlreadyExistsException ex)
        {
            PrintRestored("ImportUsers [u-4, u-1]", ex, ex.UserId);
        }

        try
        {
            var user = await users.GetUserAsync(new GetUserRequest { UserId = "u-42" }, cancellationToken: cancellationToken);
            Console.WriteLine($"  GetUser(u-42): {user.DisplayName}");
        }
        catch (UserNotFoundException ex)
        {
            PrintRestored("GetUser(u-42)", ex, ex.UserId);
        }
    }

    private static void PrintRestored(string call, Exception exception, string userId)
    {
        Console.WriteLine($"  {call}: {exception.GetType().Name} (UserId {userId}): {exception.Message}");
        if (exception.GetRemoteError() is { } origin)
        {
            Console.WriteLine($"    restored from {origin.StatusName} {origin.Reason} in {origin.Domain} {{{StatusLines.Metadata(origin.ErrorMetadata)}}}");
        }
    }
}
