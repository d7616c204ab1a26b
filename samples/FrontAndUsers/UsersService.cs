using System.Globalization;
using FrontAndUsers.UsersApi;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace FrontAndUsers;

/// <summary>
/// users.v1.Users: an ordinary grpc-dotnet service that throws plain .NET exceptions
/// (<see cref="UserNotFoundException"/>, <see cref="UserAlreadyExistsException"/>); the Faultline
/// pipeline sends them as their <see cref="UserErrors.Catalog"/> statuses (see <see cref="UsersServer"/>).
/// </summary>
public sealed class UsersService(UserDirectory directory, CancelledDeletions cancelledDeletions, ILogger<UsersService> logger) : Users.UsersBase
{
    /// <summary>The user whose deletion never finishes by itself: it shows a deadline set at the edge reaching this service.</summary>
    public const string SlowUserId = "slow";

    public override Task<User> GetUser(GetUserRequest request, ServerCallContext context) =>
        Task.FromResult(directory.Get(request.UserId));

    public override async Task<User> DeleteUser(DeleteUserRequest request, ServerCallContext context)
    {
        if (request.UserId == SlowUserId)
        {
            await WaitUntilCancelledAsync(request.UserId, context);
        }

        return directory.Delete(request.UserId);
    }

    public override async Task ListUsers(ListUsersRequest request, IServerStreamWriter<User> responseStream, ServerCallContext context)
    {
        foreach (var user in directory.List())
        {
            await responseStream.WriteAsync(user, context.CancellationToken);
        }
    }

    public override async Task<ImportUsersResponse> ImportUsers(IAsyncStreamReader<User> requestStream, ServerCallContext context)
    {
        var users = new List<User>();
        await foreach (var user in requestStream.ReadAllAsync(context.CancellationToken))
        {
            users.Add(user);
        }

        directory.AddAll(users);
        return new ImportUsersResponse { ImportedCount = users.Count };
    }

    // The call ends only when its token fires: at its deadline (the one the caller sent in
    // grpc-timeout) or when the caller cancels it, whichever comes first.
    private async Task WaitUntilCancelledAsync(string userId, ServerCallContext context)
    {
        var deadline = context.Deadline == DateTime.MaxValue
            ? "no deadline"
            : $"a deadline {(context.Deadline - DateTime.UtcNow).TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s away when it arrived";
        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, context.CancellationToken);
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            logger.LogInformation("DeleteUser({UserId}) was cancelled before it finished; the call had {Deadline}", userId, deadline);
            cancelledDeletions.Report(userId);
            throw;
        }
    }
}
