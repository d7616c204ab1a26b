using Google.Rpc;

namespace Faultline.Core.Tests.Errors;

/// <summary>The rich-status members of <see cref="ServerCallContext"/> that every implementation inherits.</summary>
public class ServerCallContextRichStatusTests
{
    private sealed class MinimalContext : ServerCallContext
    {
        public override string Method => "/s/m";

        public override string Host => "h";

        public override string Peer => "p";

        public override DateTime Deadline => DateTime.MaxValue;

        public override Metadata RequestHeaders { get; } = new();

        public override CancellationToken CancellationToken => CancellationToken.None;

        public override Metadata ResponseTrailers { get; } = new();

        public override Status Status { get; set; }

        public override WriteOptions? WriteOptions { get; set; }

        public override IDictionary<object, object?> UserState { get; } = new Dictionary<object, object?>();

        public override Task WriteResponseHeadersAsync(Metadata responseHeaders) => Task.CompletedTask;
    }

    [Fact]
    public void AbortWithStatus_ThrowsTypedExceptionCarryingThatStatus()
    {
        var status = RichStatus.Create(StatusCode.AlreadyExists, "dup").AddResourceInfo("book", "b1").Build();

        var ex = Assert.Throws<AlreadyExistsException>(() => new MinimalContext().AbortWithStatus(status));

        Assert.Same(status, ex.RichStatus);
        Assert.Equal("b1", ex.GetDetail<ResourceInfo>()!.ResourceName);
    }

    [Fact]
    public void AbortWithStatus_Ok_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => new MinimalContext().AbortWithStatus(new RichStatus(StatusCode.OK, "fine")));
    }

    [Fact]
    public void RichStatus_DefaultImplementation_MapsToStatus()
    {
        var context = new MinimalContext();

        context.RichStatus = RichStatus.Create(StatusCode.NotFound, "gone").AddRequestInfo("r").Build();

        Assert.Equal(new Status(StatusCode.NotFound, "gone"), context.Status);
        Assert.Equal(StatusCode.NotFound, context.RichStatus.Code);
        Assert.Equal("gone", context.RichStatus.Message);
    }

    [Fact]
    public void RichStatus_SetNull_ThrowsArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => new MinimalContext().RichStatus = null!);
    }
}
