using Faultline;
using Grpc.Core;

namespace FrontAndUsers;

/// <summary>
/// The users service's domain errors and their wire form, shared by both sides: the users service
/// sends these exceptions as statuses (<c>MapDomainErrors(UserErrors.Catalog)</c>), and the front
/// service's client to it turns those statuses back into these exceptions (<c>o.DomainErrors.Add(UserErrors.Catalog)</c>).
/// </summary>
public static class UserErrors
{
    /// <summary>The error domain of the users service.</summary>
    public const string Domain = "users.example.com";

    /// <summary>USER_NOT_FOUND (NOT_FOUND) and USER_ALREADY_EXISTS (ALREADY_EXISTS), each with the user's id as ErrorInfo metadata.</summary>
    public static DomainErrorCatalog Catalog { get; } = new DomainErrorCatalog(Domain)
        .Add<UserNotFoundException>(
            "USER_NOT_FOUND",
            StatusCode.NotFound,
            e => [new("userId", e.UserId)],
            error => new UserNotFoundException(error.Metadata["userId"]))
        .Add<UserAlreadyExistsException>(
            "USER_ALREADY_EXISTS",
            StatusCode.AlreadyExists,
            e => [new("userId", e.UserId)],
            error => new UserAlreadyExistsException(error.Metadata["userId"]));
}
