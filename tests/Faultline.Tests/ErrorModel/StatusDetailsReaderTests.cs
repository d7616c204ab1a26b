using Google.Protobuf;
using Google.Rpc;
using Status = Grpc.Core.Status;

namespace Faultline.Tests.ErrorModel;

public class StatusDetailsReaderTests
{
    private static readonly byte[] Garbage = [0xFF, 0xFF, 0xFF, 0xFF];

    private static RichStatus Sample(StatusCode code = StatusCode.NotFound, string message = "no such book") =>
        RichStatus.Create(code, message).AddResourceInfo("book", "b1").AddRequestInfo("r-1").Build();

    [Fact]
    public void ReadStrict_Matching_ReturnsDecodedStatus()
    {
        var sent = Sample();

        var read = StatusDetailsReader.ReadStrict(sent.Status, StatusTrailers.With(sent.ToTrailerBytes(), ("x-other", "1")));

        RichErrorSamples.AssertSame(sent, read);
    }

    [Fact]
    public void ReadStrict_NoDetailsTrailer_ReturnsNull()
    {
        Assert.Null(StatusDetailsReader.ReadStrict(new Status(StatusCode.NotFound, "m"), new Metadata { { "x-other", "1" } }));
    }

    [Fact]
    public void ReadStrict_NullTrailers_ReturnsNull()
    {
        Assert.Null(StatusDetailsReader.ReadStrict(new Status(StatusCode.NotFound, "m"), null));
    }

    [Fact]
    public void ReadStrict_MalformedBytes_ThrowsMalformedStatusDetailsExceptionWithTheCallsStatus()
    {
        var trailers = StatusTrailers.With(Garbage, ("x-other", "1"));

        var ex = Assert.Throws<MalformedStatusDetailsException>(() =>
            StatusDetailsReader.ReadStrict(new Status(StatusCode.NotFound, "m"), trailers));

        Assert.IsAssignableFrom<RichStatusException>(ex);
        Assert.IsAssignableFrom<RpcException>(ex);
        Assert.Equal(StatusCode.NotFound, ex.StatusCode);
        Assert.Equal("m", ex.Status.Detail);
        Assert.Same(trailers, ex.Trailers);
        Assert.IsType<InvalidProtocolBufferException>(ex.InnerException);
        Assert.Contains("grpc-status-details-bin", ex.Message);
    }

    [Fact]
    public void ReadStrict_CodeDiffers_ThrowsMismatchNamingBothCodes()
    {
        var proto = Sample(StatusCode.Internal);
        var trailers = StatusTrailers.With(proto.ToTrailerBytes());

        var ex = Assert.Throws<RichStatusMismatchException>(() =>
            StatusDetailsReader.ReadStrict(new Status(StatusCode.NotFound, proto.Message), trailers));

        Assert.Contains("INTERNAL", ex.Message);
        Assert.Contains("NOT_FOUND", ex.Message);
        Assert.Contains("code", ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(StatusCode.NotFound, ex.StatusCode);
        Assert.Same(trailers, ex.Trailers);
        RichErrorSamples.AssertSame(proto, ex.DetailsStatus);
    }

    [Fact]
    public void ReadStrict_MessageDiffers_ThrowsMismatchQuotingBothMessages()
    {
        var proto = Sample(message: "from the proto");

        var ex = Assert.Throws<RichStatusMismatchException>(() =>
            StatusDetailsReader.ReadStrict(new Status(StatusCode.NotFound, "from the call"), StatusTrailers.With(proto.ToTrailerBytes())));

        Assert.Contains("from the proto", ex.Message);
        Assert.Contains("from the call", ex.Message);
        Assert.Equal("from the call", ex.Status.Detail);
        Assert.Equal("from the proto", ex.DetailsStatus.Message);
    }

    [Fact]
    public void ReadStrict_CodeAndMessageDiffer_ReportsCodeFirst()
    {
        var proto = Sample(StatusCode.Internal, "proto message");

        var ex = Assert.Throws<RichStatusMismatchException>(() =>
            StatusDetailsReader.ReadStrict(new Status(StatusCode.NotFound, "call message"), StatusTrailers.With(proto.ToTrailerBytes())));

        Assert.Contains("INTERNAL", ex.Message);
        Assert.DoesNotContain("proto message", ex.Message);
    }

    [Fact]
    public void ReadStrict_MessageDiffersOnlyInCase_IsAMismatch()
    {
        var proto = Sample(message: "Gone");

        Assert.Throws<RichStatusMismatchException>(() =>
            StatusDetailsReader.ReadStrict(new Status(StatusCode.NotFound, "gone"), StatusTrailers.With(proto.ToTrailerBytes())));
    }

    [Fact]
    public void ReadStrict_Exception_ChecksItsStatusAndTrailers()
    {
        var sent = Sample();
        var matching = new RpcException(sent.Status, StatusTrailers.With(sent.ToTrailerBytes()));
        var mismatched = new RpcException(new Status(StatusCode.NotFound, "other"), StatusTrailers.With(sent.ToTrailerBytes()));
        var malformed = new RpcException(sent.Status, StatusTrailers.With(Garbage));

        RichErrorSamples.AssertSame(sent, StatusDetailsReader.ReadStrict(matching));
        Assert.Throws<RichStatusMismatchException>(() => StatusDetailsReader.ReadStrict(mismatched));
        Assert.Throws<MalformedStatusDetailsException>(() => StatusDetailsReader.ReadStrict(malformed));
        Assert.Null(StatusDetailsReader.ReadStrict(new RpcException(sent.Status)));
        Assert.Throws<ArgumentNullException>(() => StatusDetailsReader.ReadStrict((RpcException)null!));
    }

    [Fact]
    public void ReadStrict_LocallyBuiltException_PassesItsOwnCheck()
    {
        // Its trailers were made from the same code and message as its status.
        var local = new NotFoundException(details: [new ResourceInfo { ResourceName = "b1" }]);

        var read = StatusDetailsReader.ReadStrict(local);

        Assert.NotNull(read);
        Assert.Equal(StatusCode.NotFound, read.Code);
        Assert.Equal(NotFoundException.DefaultMessage, read.Message);
        Assert.Equal("b1", read.ResourceInfo!.ResourceName);
    }

    [Fact]
    public void ReadLenient_Matching_ReturnsDecodedStatus()
    {
        var sent = Sample();

        var read = StatusDetailsReader.ReadLenient(sent.Status, StatusTrailers.With(sent.ToTrailerBytes()));

        RichErrorSamples.AssertSame(sent, read);
    }

    [Fact]
    public void ReadLenient_MalformedBytes_KeepsCodeAndMessageWithoutDetails()
    {
        var read = StatusDetailsReader.ReadLenient(new Status(StatusCode.PermissionDenied, "nope"), StatusTrailers.With(Garbage));

        Assert.Equal(StatusCode.PermissionDenied, read.Code);
        Assert.Equal("nope", read.Message);
        Assert.Empty(read.Details);
    }

    [Fact]
    public void ReadLenient_NoTrailer_KeepsCodeAndMessageWithoutDetails()
    {
        var read = StatusDetailsReader.ReadLenient(new Status(StatusCode.Aborted, "a"), null);

        Assert.Equal(StatusCode.Aborted, read.Code);
        Assert.Equal("a", read.Message);
        Assert.Empty(read.Details);
    }

    [Fact]
    public void ReadLenient_MismatchedProto_UsesCallsCodeAndMessageWithProtosDetails()
    {
        var proto = Sample(StatusCode.Internal, "proto says internal");

        var read = StatusDetailsReader.ReadLenient(new Status(StatusCode.NotFound, "call says not found"), StatusTrailers.With(proto.ToTrailerBytes()));

        Assert.Equal(StatusCode.NotFound, read.Code);
        Assert.Equal("call says not found", read.Message);
        Assert.Equal(proto.Details, read.Details);
        Assert.Equal("b1", read.GetDetail<ResourceInfo>()!.ResourceName);
    }

    [Fact]
    public void ReadLenient_SeveralDetailsTrailers_UsesLast()
    {
        var first = Sample(message: "first");
        var last = RichStatus.Create(StatusCode.NotFound, "last").AddHelp(("h", "u")).Build();
        var trailers = new Metadata
        {
            { StatusTrailers.DetailsKey, first.ToTrailerBytes() },
            { StatusTrailers.DetailsKey, last.ToTrailerBytes() },
        };

        var read = StatusDetailsReader.ReadLenient(new Status(StatusCode.NotFound, "last"), trailers);

        Assert.Equal(last.Details, read.Details);
    }

    [Fact]
    public void ReadLenient_EmptyDetailsTrailer_HasNoDetails()
    {
        var read = StatusDetailsReader.ReadLenient(new Status(StatusCode.NotFound, "m"), StatusTrailers.With([]));

        Assert.Equal(StatusCode.NotFound, read.Code);
        Assert.Empty(read.Details);
    }

    [Fact]
    public void ReadLenient_UnknownDetailType_IsKept()
    {
        var proto = new RichStatus(StatusCode.Internal, "m", [RichErrorSamples.UnknownDetail()]);

        var read = StatusDetailsReader.ReadLenient(proto.Status, StatusTrailers.With(proto.ToTrailerBytes()));

        Assert.Equal(RichErrorSamples.UnknownDetail(), Assert.Single(read.Details));
    }

    [Fact]
    public void ReadLenient_Exception_ReadsItsStatusAndTrailers()
    {
        var sent = Sample();

        RichErrorSamples.AssertSame(sent, StatusDetailsReader.ReadLenient(new RpcException(sent.Status, StatusTrailers.With(sent.ToTrailerBytes()))));
        Assert.Throws<ArgumentNullException>(() => StatusDetailsReader.ReadLenient((RpcException)null!));
    }
}
