using Google.Rpc;
using Status = Grpc.Core.Status;

namespace Faultline.Tests.ErrorModel;

/// <summary><see cref="DomainErrorCatalog"/>: a domain exception's ErrorInfo, and back only for registered pairs.</summary>
public class DomainErrorCatalogTests
{
    private static readonly DomainErrorCatalog Catalog = new DomainErrorCatalog("users.example.com")
        .Add<UserMissingException>("USER_NOT_FOUND", StatusCode.NotFound, e => [new("userId", e.UserId)], error => new UserMissingException(error.Metadata["userId"]));

    [Fact]
    public void TryDescribe_GivesTheMessageAndAnErrorInfo()
    {
        Assert.True(Catalog.TryDescribe(new UserMissingException("u-1"), out var status));

        Assert.Equal(StatusCode.NotFound, status.Code);
        Assert.Equal("No user u-1.", status.Message);
        Assert.Equal("USER_NOT_FOUND", status.ErrorInfo!.Reason);
        Assert.Equal("users.example.com", status.ErrorInfo.Domain);
        Assert.Equal("u-1", status.ErrorInfo.Metadata["userId"]);
    }

    [Fact]
    public void TryDescribe_CoversSubclasses_AndNothingElse()
    {
        Assert.True(Catalog.TryDescribe(new DeletedUserMissingException("u-2"), out _));
        Assert.False(Catalog.TryDescribe(new InvalidOperationException(), out _));
    }

    [Fact]
    public void TryRestore_RebuildsTheException_LinkedToTheCall()
    {
        Catalog.TryDescribe(new UserMissingException("u-1"), out var status);
        var received = GrpcException.FromRpcException(new RpcException(new Status(StatusCode.NotFound, status!.Message), new Metadata { { "grpc-status-details-bin", status.ToTrailerBytes() } }));

        Assert.True(Catalog.TryRestore(received, out var restored));

        Assert.Equal("u-1", Assert.IsType<UserMissingException>(restored).UserId);
        Assert.Same(received, restored.GetRemoteError());
    }

    [Theory]
    [InlineData("users.example.com", "USER_NOT_FOUND", StatusCode.AlreadyExists)]
    [InlineData("other.example.com", "USER_NOT_FOUND", StatusCode.NotFound)]
    [InlineData("users.example.com", "USER_GONE", StatusCode.NotFound)]
    public void TryRestore_RefusesAnyPairOrCodeNotRegistered(string domain, string reason, StatusCode code)
    {
        var status = RichStatus.Create(code, "m").AddErrorInfo(reason, domain).Build();
        var received = GrpcException.FromRpcException(new RpcException(new Status(code, "m"), new Metadata { { "grpc-status-details-bin", status.ToTrailerBytes() } }));

        Assert.False(Catalog.TryRestore(received, out _));
    }

    [Theory]
    [InlineData("user_not_found")]
    [InlineData("USER NOT FOUND")]
    [InlineData("_USER")]
    [InlineData("USER_")]
    [InlineData("")]
    public void Add_RefusesMalformedReasons(string reason)
    {
        var error = Assert.Throws<ArgumentException>(() => new DomainErrorCatalog("d").Add<UserMissingException>(reason, StatusCode.NotFound));
        Assert.Contains("UPPER_SNAKE_CASE", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Add_RefusesOk_DuplicateReasons_AndDuplicateTypes()
    {
        Assert.Throws<ArgumentException>(() => new DomainErrorCatalog("d").Add<UserMissingException>("A_B", StatusCode.OK));
        Assert.Throws<ArgumentException>(() => new DomainErrorCatalog("d").Add<UserMissingException>("A_B", StatusCode.NotFound).Add<InvalidOperationException>("A_B", StatusCode.NotFound));
        Assert.Throws<ArgumentException>(() => new DomainErrorCatalog("d").Add<UserMissingException>("A_B", StatusCode.NotFound).Add<UserMissingException>("C_D", StatusCode.NotFound));
    }

    [Fact]
    public void GetRemoteError_OfALocalException_IsNull()
    {
        Assert.Null(new UserMissingException("u").GetRemoteError());
        Assert.Null(new NotFoundException().GetRemoteError());
    }

    private class UserMissingException(string userId) : Exception($"No user {userId}.")
    {
        public string UserId { get; } = userId;
    }

    private sealed class DeletedUserMissingException(string userId) : UserMissingException(userId);
}
