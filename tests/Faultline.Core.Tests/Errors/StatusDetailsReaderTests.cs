using Google.Rpc;

namespace Faultline.Core.Tests.Errors;

public class StatusDetailsReaderTests
{
    private static readonly byte[] Garbage = [0xFF, 0xFF, 0xFF, 0xFF];

    private static Metadata TrailersWith(byte[] detailsBytes, params (string Key, string Value)[] extra)
    {
        var trailers = new Metadata();
        foreach (var (key, value) in extra)
        {
            trailers.Add(key, value);
        }

        trailers.Add(GrpcException.StatusDetailsTrailer, detailsBytes);
        return trailers;
    }

    private static RichStatus Sample(StatusCode code = StatusCode.NotFound, string message = "no such book") =>
        RichStatus.Create(code, message).AddResourceInfo("book", "b1").AddRequestInfo("r-1").Build();

    [Fact]
    public void ReadStrict_Matching_ReturnsDecodedStatus()
    {
        var sent = Sample();

        var read = StatusDetailsReader.ReadStrict(sent.Status, TrailersWith(sent.ToTrailerBytes(), ("x-other", "1")));

        Assert.NotNull(read);
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
    public void ReadStrict_MalformedBytes_ThrowsMalformedStatusDetailsException()
    {
        var ex = Assert.Throws<MalformedStatusDetailsException>(() =>
            StatusDetailsReader.ReadStrict(new Status(StatusCode.NotFound, "m"), TrailersWith(Garbage)));

        Assert.IsAssignableFrom<RichStatusException>(ex);
    }

    [Fact]
    public void ReadStrict_CodeDiffers_ThrowsMismatchNamingBothCodes()
    {
        var proto = Sample(StatusCode.Internal);

        var ex = Assert.Throws<RichStatusMismatchException>(() =>
            StatusDetailsReader.ReadStrict(new Status(StatusCode.NotFound, proto.Message), TrailersWith(proto.ToTrailerBytes())));

        Assert.Contains("INTERNAL", ex.Message);
        Assert.Contains("NOT_FOUND", ex.Message);
        Assert.Contains("code", ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void ReadStrict_MessageDiffers_ThrowsMismatchQuotingBothMessages()
    {
        var proto = Sample(message: "from the proto");

        var ex = Assert.Throws<RichStatusMismatchException>(() =>
            StatusDetailsReader.ReadStrict(new Status(StatusCode.NotFound, "from the call"), TrailersWith(proto.ToTrailerBytes())));

        Assert.Contains("from the proto", ex.Message);
        Assert.Contains("from the call", ex.Message);
    }

    [Fact]
    public void ReadStrict_CodeAndMessageDiffer_ReportsCodeFirst()
    {
        var proto = Sample(StatusCode.Internal, "proto message");

        var ex = Assert.Throws<RichStatusMismatchException>(() =>
            StatusDetailsReader.ReadStrict(new Status(StatusCode.NotFound, "call message"), TrailersWith(proto.ToTrailerBytes())));

        Assert.Contains("INTERNAL", ex.Message);
        Assert.DoesNotContain("proto message", ex.Message);
    }

    [Fact]
    public void ReadStrict_MessageDiffersOnlyInCase_IsAMismatch()
    {
        var proto = Sample(message: "Gone");

        Assert.Throws<RichStatusMismatchException>(() =>
            StatusDetailsReader.ReadStrict(new Status(StatusCode.NotFound, "gone"), TrailersWith(proto.ToTrailerBytes())));
    }

    [Fact]
    public void ReadStrict_Exception_ChecksItsStatusAndTrailers()
    {
        var sent = Sample();
        var matching = GrpcException.FromCall(sent.Status, TrailersWith(sent.ToTrailerBytes()));
        var mismatched = GrpcException.FromCall(new Status(StatusCode.NotFound, "other"), TrailersWith(sent.ToTrailerBytes()));
        var malformed = GrpcException.FromCall(sent.Status, TrailersWith(Garbage));

        RichErrorSamples.AssertSame(sent, StatusDetailsReader.ReadStrict(matching)!);
        Assert.Throws<RichStatusMismatchException>(() => StatusDetailsReader.ReadStrict(mismatched));
        Assert.Throws<MalformedStatusDetailsException>(() => StatusDetailsReader.ReadStrict(malformed));
        Assert.Null(StatusDetailsReader.ReadStrict(new NotFoundException()));
        Assert.Throws<ArgumentNullException>(() => StatusDetailsReader.ReadStrict(null!));
    }

    [Fact]
    public void ReadLenient_Matching_ReturnsDecodedStatus()
    {
        var sent = Sample();

        var read = StatusDetailsReader.ReadLenient(sent.Status, TrailersWith(sent.ToTrailerBytes()));

        RichErrorSamples.AssertSame(sent, read);
    }

    [Fact]
    public void ReadLenient_MalformedBytes_KeepsCodeAndMessageWithoutDetails()
    {
        var read = StatusDetailsReader.ReadLenient(new Status(StatusCode.PermissionDenied, "nope"), TrailersWith(Garbage));

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

        var read = StatusDetailsReader.ReadLenient(new Status(StatusCode.NotFound, "call says not found"), TrailersWith(proto.ToTrailerBytes()));

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
            { GrpcException.StatusDetailsTrailer, first.ToTrailerBytes() },
            { GrpcException.StatusDetailsTrailer, last.ToTrailerBytes() },
        };

        var read = StatusDetailsReader.ReadLenient(new Status(StatusCode.NotFound, "last"), trailers);

        Assert.Equal(last.Details, read.Details);
    }

    [Fact]
    public void ReadLenient_EmptyDetailsTrailer_HasNoDetails()
    {
        var read = StatusDetailsReader.ReadLenient(new Status(StatusCode.NotFound, "m"), TrailersWith([]));

        Assert.Equal(StatusCode.NotFound, read.Code);
        Assert.Empty(read.Details);
    }

    [Fact]
    public void ReadLenient_UnknownDetailType_IsKept()
    {
        var proto = new RichStatus(StatusCode.Internal, "m", [RichErrorSamples.UnknownDetail()]);

        var read = StatusDetailsReader.ReadLenient(proto.Status, TrailersWith(proto.ToTrailerBytes()));

        Assert.Equal(RichErrorSamples.UnknownDetail(), Assert.Single(read.Details));
    }
}
