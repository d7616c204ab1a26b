using Google.Rpc;

namespace Faultline.Tests.Infrastructure;

/// <summary>Failures as a plain grpc-dotnet channel reports them: an <see cref="RpcException"/> with the server's trailers.</summary>
internal static class RemoteErrors
{
    public static RichStatus NotFoundStatus() =>
        RichStatus.Create(StatusCode.NotFound, "no such book")
            .AddErrorInfo("BOOK_NOT_FOUND", "library.example.com", [new("book", "b1")])
            .AddResourceInfo("book", "b1")
            .Build();

    /// <summary>NOT_FOUND with a valid details trailer and one other trailer.</summary>
    public static RpcException NotFound()
    {
        var status = NotFoundStatus();
        return new RpcException(status.Status, StatusTrailers.With(status.ToTrailerBytes(), ("x-server", "s1")));
    }

    /// <summary>NOT_FOUND whose details trailer is not a google.rpc.Status.</summary>
    public static RpcException NotFoundWithMalformedDetails() =>
        new(new Grpc.Core.Status(StatusCode.NotFound, "no such book"), StatusTrailers.With([0xFF, 0xFF, 0xFF]));

    /// <summary>NOT_FOUND whose details trailer says INTERNAL with another message.</summary>
    public static RpcException NotFoundWithMismatchedDetails()
    {
        var other = RichStatus.Create(StatusCode.Internal, "something else").AddRequestInfo("r-9").Build();
        return new RpcException(new Grpc.Core.Status(StatusCode.NotFound, "no such book"), StatusTrailers.With(other.ToTrailerBytes()));
    }

    /// <summary>Asserts that <paramref name="thrown"/> is the typed form of <see cref="NotFound"/>'s <paramref name="original"/>.</summary>
    public static NotFoundException AssertTypedNotFound(Exception thrown, RpcException original)
    {
        var typed = Assert.IsType<NotFoundException>(thrown);
        Assert.Equal("BOOK_NOT_FOUND", typed.Reason);
        Assert.Equal("library.example.com", typed.Domain);
        Assert.Equal("b1", typed.GetDetail<ResourceInfo>()!.ResourceName);
        Assert.Equal(original.Status.Detail, typed.Status.Detail);
        Assert.Same(original.Trailers, typed.Trailers);
        Assert.True(typed.IsRemote);
        return typed;
    }
}
