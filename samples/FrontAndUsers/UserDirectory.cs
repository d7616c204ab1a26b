using FrontAndUsers.UsersApi;

namespace FrontAndUsers;

/// <summary>The users service's store: a few well-known users, in memory.</summary>
public sealed class UserDirectory
{
    private readonly Lock _lock = new();
    private readonly SortedDictionary<string, User> _users = new(StringComparer.Ordinal)
    {
        ["u-1"] = new() { UserId = "u-1", DisplayName = "Ada Lovelace" },
        ["u-2"] = new() { UserId = "u-2", DisplayName = "Alan Turing" },
        ["u-3"] = new() { UserId = "u-3", DisplayName = "Grace Hopper" },
    };

    /// <exception cref="UserNotFoundException">No such user.</exception>
    public User Get(string userId)
    {
        lock (_lock)
        {
            return _users.TryGetValue(userId, out var user) ? user : throw new UserNotFoundException(userId);
        }
    }

    /// <summary>Removes the user and returns it.</summary>
    /// <exception cref="UserNotFoundException">No such user.</exception>
    public User Delete(string userId)
    {
        lock (_lock)
        {
            return _users.Remove(userId, out var user) ? user : throw new UserNotFoundException(userId);
        }
    }

    /// <summary>The users now, ordered by id.</summary>
    public IReadOnlyList<User> List()
    {
        lock (_lock)
        {
            return [.. _users.Values];
        }
    }

    /// <summary>Adds all of <paramref name="users"/> or, when one of their ids is taken, none.</summary>
    /// <exception cref="UserAlreadyExistsException">The first id that is taken (also by an earlier user of the batch).</exception>
    public void AddAll(IReadOnlyList<User> users)
    {
        lock (_lock)
        {
            var batch = new HashSet<string>(StringComparer.Ordinal);
            foreach (var user in users)
            {
                if (_users.ContainsKey(user.UserId) || !batch.Add(user.UserId))
                {
                    throw new UserAlreadyExistsException(user.UserId);
                }
            }

            foreach (var user in users)
            {
                _users.Add(user.UserId, user);
            }
        }
    }
}
