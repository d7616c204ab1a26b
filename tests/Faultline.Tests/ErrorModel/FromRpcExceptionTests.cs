using Google.Rpc;
using Status = Grpc.Core.Status;

namespace Faultline.Tests.ErrorModel;

/// <summary><see cref="GrpcException.FromRpcException"/> and <see cref="RpcExceptionExtensions.ToGrpcException"/>: the typed exception of a received failure.</summary>
public class FromRpcExceptionTests
{
    [Theory]
    [MemberData(nameof(GrpcExceptionTests.Subclasses), MemberType = typeof(GrpcExceptionTests))]
    public void FromRpcException_EachCode_IsItsSubclass(StatusCode code, System.Type type, string name)
    {
        var received = new RpcException(new Status(code, name));

        var ex = GrpcException.FromRpcException(received);

        Assert.IsType(type, ex);
        Assert.Equal(name, ex.StatusName);
        Assert.Equal(name, ex.Status.Detail);
    }

    [Fact]
    public void FromRpcException_TrailerWithDetails_IsTypedWithDecodedDetails()
    {
        var sent = RichStatus.Create(StatusCode.InvalidArgument, "bad").AddBadRequest(("name", "empty")).Build();
        var trailers = StatusTrailers.With(sent.ToTrailerBytes(), ("x-other", "1"));
        var received = new RpcException(sent.Status, trailers);

        var ex = GrpcException.FromRpcException(received);

        var typed = Assert.IsType<InvalidArgumentException>(ex);
        Assert.Equal("name", typed.GetDetail<BadRequest>()!.FieldViolations[0].Field);
        Assert.Same(trailers, typed.Trailers);
        Assert.Equal(received.Status.StatusCode, typed.Status.StatusCode);
        Assert.Equal(received.Status.Detail, typed.Status.Detail);
        Assert.True(typed.IsRemote);
        Assert.Null(typed.LocalEncoding);
    }

    [Fact]
    public void FromRpcException_KeepsTheOriginalsDebugExceptionAsInner()
    {
        var cause = new IOException("connection reset");
        var received = new RpcException(new Status(StatusCode.Unavailable, "down", cause));

        var ex = received.ToGrpcException();

        Assert.Same(cause, ex.InnerException);
        Assert.Same(cause, ex.Status.DebugException);
    }

    [Fact]
    public void FromRpcException_NoTrailers_IsTypedWithoutDetails()
    {
        var ex = GrpcException.FromRpcException(new RpcException(new Status(StatusCode.Unavailable, "down")));

        Assert.IsType<UnavailableException>(ex);
        Assert.Equal("down", ex.Status.Detail);
        Assert.Empty(ex.Details);
        Assert.Empty(ex.Trailers);
    }

    [Fact]
    public void FromRpcException_MalformedDetails_KeepsCodeAndMessageWithoutDetails()
    {
        var trailers = StatusTrailers.With([0xFF, 0xFF, 0xFF]);

        var ex = new RpcException(new Status(StatusCode.PermissionDenied, "nope"), trailers).ToGrpcException();

        Assert.IsType<PermissionDeniedException>(ex);
        Assert.Equal("nope", ex.RichStatus.Message);
        Assert.Empty(ex.Details);
        Assert.Same(trailers, ex.Trailers);
    }

    [Fact]
    public void FromRpcException_MismatchedDetails_UsesCallsCodeAndMessageWithDetails()
    {
        var proto = RichStatus.Create(StatusCode.Internal, "proto says internal").AddRequestInfo("r").Build();

        var ex = new RpcException(new Status(StatusCode.NotFound, "call says not found"), StatusTrailers.With(proto.ToTrailerBytes())).ToGrpcException();

        Assert.IsType<NotFoundException>(ex);
        Assert.Equal("call says not found", ex.RichStatus.Message);
        Assert.Equal("r", ex.GetDetail<RequestInfo>()!.RequestId);
    }

    [Fact]
    public void FromRpcException_AlreadyTyped_ReturnsSameInstance()
    {
        var local = new NotFoundException();
        var remote = new RpcException(new Status(StatusCode.Aborted, "a")).ToGrpcException();

        Assert.Same(local, GrpcException.FromRpcException(local));
        Assert.Same(remote, remote.ToGrpcException());
    }

    [Fact]
    public void FromRpcException_UndefinedCode_IsPlainGrpcException()
    {
        var ex = new RpcException(new Status((StatusCode)42, "future")).ToGrpcException();

        Assert.Equal(typeof(GrpcException), ex.GetType());
        Assert.Equal("42", ex.StatusName);
    }

    [Fact]
    public void FromRpcException_Null_ThrowsArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => GrpcException.FromRpcException(null!));
        Assert.Throws<ArgumentNullException>(() => ((RpcException)null!).ToGrpcException());
    }

    [Fact]
    public void FromRpcException_LocalExceptionsTrailersRebuilt_ReadsTheSameStatus()
    {
        // What a peer sees: only the code, the message and the trailers travel.
        var local = RichErrorSamples.Everything(StatusCode.FailedPrecondition, "precondition ✓");

        var sentAs = local.ToException();
        var received = new RpcException(new Status(sentAs.StatusCode, sentAs.Status.Detail), sentAs.Trailers).ToGrpcException();

        Assert.IsType<FailedPreconditionException>(received);
        Assert.Equal(local.Message, received.RichStatus.Message);
        Assert.Equal(local.Details.Where(d => !d.TypeUrl.EndsWith("/google.rpc.DebugInfo", StringComparison.Ordinal)), received.Details);
    }

    [Fact]
    public void GetRichStatus_LocalException_IsItsRichStatus()
    {
        var local = RichErrorSamples.Everything().ToException();

        Assert.Same(local.RichStatus, ((RpcException)local).GetRichStatus());
    }

    [Fact]
    public void GetRichStatus_Null_ThrowsArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => ((RpcException)null!).GetRichStatus());
    }

    [Fact]
    public void FromRpcException_ParsedBytesAreUntouched()
    {
        var sent = new RichStatus(StatusCode.Internal, "m", [RichErrorSamples.UnknownDetail()]);

        var ex = new RpcException(sent.Status, StatusTrailers.With(sent.ToTrailerBytes())).ToGrpcException();

        Assert.Equal(RichErrorSamples.UnknownBytes, Assert.Single(ex.Details).Value.ToByteArray());
        Assert.Equal(sent.ToTrailerBytes(), ex.RichStatus.ToTrailerBytes());
    }

    [Fact]
    public void FromRpcException_OkStatus_ThrowsArgumentException()
    {
        var ex = Assert.Throws<ArgumentException>(() => new RpcException(Status.DefaultSuccess).ToGrpcException());

        Assert.Contains("not a failure", ex.Message, StringComparison.Ordinal);
    }
}
