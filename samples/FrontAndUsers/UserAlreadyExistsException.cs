namespace FrontAndUsers;

/// <summary>A user with the id exists already: a plain .NET exception, sent and restored through <see cref="UserErrors.Catalog"/>.</summary>
public sealed class UserAlreadyExistsException(string userId) : Exception($"User {userId} already exists.")
{
    /// <summary>The id that is taken.</summary>
    public string UserId { get; } = userId;
}
