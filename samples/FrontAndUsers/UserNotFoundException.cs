namespace FrontAndUsers;

/// <summary>There is no user with the id: a plain .NET exception, sent and restored through <see cref="UserErrors.Catalog"/>.</summary>
public sealed class UserNotFoundException(string userId) : Exception($"There is no user {userId}.")
{
    /// <summary>The id that was looked up.</summary>
    public string UserId { get; } = userId;
}
