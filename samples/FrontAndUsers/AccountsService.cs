using Faultline;
using FrontAndUsers.FrontApi;
using FrontAndUsers.UsersApi;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace FrontAndUsers;

/// <summary>
/// front.v1.Accounts: closes an account by deleting its user in the users service. The users client
/// comes from the client factory with Faultline and <see cref="UserErrors.Catalog"/> (see
/// <see cref="FrontServer"/>), so a missing user arrives here as a <see cref="UserNotFoundException"/>,
/// caught by type like any local exception; this service then fails its own call, in its own terms.
/// </summary>
public sealed class AccountsService(Users.UsersClient users, ILogger<AccountsService> logger) : Accounts.AccountsBase
{
    /// <summary>The error domain of the front service.</summary>
    public const string Domain = "accounts.example.com";

    public override async Task<CloseAccountResponse> CloseAccount(CloseAccountRequest request, ServerCallContext context)
    {
        User user;
        try
        {
            // No deadline or token passed: EnableCallContextPropagation gives this call those of ours.
            user = await users.DeleteUserAsync(new DeleteUserRequest { UserId = request.UserId });
        }
        catch (UserNotFoundException ex)
        {
            // The restored exception knows the downstream call it came from, with its whole status.
            if (ex.GetRemoteError() is { } downstream)
            {
                logger.LogInformation(
                    "CloseAccount({UserId}): the users service answered {Status} {Reason} ({Domain}): \"{Message}\"; failing with FAILED_PRECONDITION",
                    request.UserId, downstream.StatusName, downstream.Reason, downstream.Domain, downstream.Status.Detail);
            }

            var status = RichStatus.Create(StatusCode.FailedPrecondition, $"Cannot close account of {ex.UserId}: no such user")
                .AddPreconditionFailure(("USER_EXISTS", $"users/{ex.UserId}", "An account can only be closed while its user exists."))
                .AddErrorInfo("ACCOUNT_USER_MISSING", Domain, [new("userId", ex.UserId)])
                .Build();
            throw new FailedPreconditionException(status, innerException: ex);
        }

        return new CloseAccountResponse { UserId = user.UserId, DisplayName = user.DisplayName };
    }
}
