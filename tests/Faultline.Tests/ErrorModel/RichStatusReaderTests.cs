using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;

namespace Faultline.Tests.ErrorModel;

public class RichStatusReaderTests
{
    [Fact]
    public void GetDetail_SeveralOfType_ReturnsFirst()
    {
        var status = RichStatus.Create(StatusCode.Internal, "m")
            .AddHelp(("h", "u"))
            .AddRequestInfo("first")
            .AddRequestInfo("second")
            .Build();

        Assert.Equal("first", status.GetDetail<RequestInfo>()!.RequestId);
    }

    [Fact]
    public void GetDetail_Absent_ReturnsNull()
    {
        var status = RichStatus.Create(StatusCode.Internal, "m").AddRequestInfo("r").Build();

        Assert.Null(status.GetDetail<BadRequest>());
    }

    [Fact]
    public void GetDetails_SeveralOfType_ReturnsAllInOrder()
    {
        var status = RichStatus.Create(StatusCode.InvalidArgument, "m")
            .AddBadRequest(("a", "1"))
            .AddHelp(("h", "u"))
            .AddBadRequest(("b", "2"))
            .Build();

        Assert.Equal(["a", "b"], status.GetDetails<BadRequest>().Select(b => b.FieldViolations[0].Field).ToArray());
    }

    [Fact]
    public void GetDetails_Absent_ReturnsEmpty()
    {
        Assert.Empty(new RichStatus(StatusCode.Internal, "m").GetDetails<BadRequest>());
    }

    [Fact]
    public void TryGetDetail_Present_ReturnsTrueAndDetail()
    {
        var status = RichStatus.Create(StatusCode.Unavailable, "m").AddRetryInfo(TimeSpan.FromSeconds(3)).Build();

        Assert.True(status.TryGetDetail<RetryInfo>(out var info));
        Assert.Equal(TimeSpan.FromSeconds(3), info.RetryDelay.ToTimeSpan());
    }

    [Fact]
    public void TryGetDetail_Absent_ReturnsFalseAndNull()
    {
        var status = RichStatus.Create(StatusCode.Unavailable, "m").AddRetryInfo(TimeSpan.FromSeconds(3)).Build();

        Assert.False(status.TryGetDetail<QuotaFailure>(out var failure));
        Assert.Null(failure);
    }

    [Fact]
    public void Readers_EveryStandardType_FindTheirDetailAfterRoundTrip()
    {
        var status = RichStatus.FromTrailerBytes(RichErrorSamples.Everything().ToTrailerBytes());

        Assert.Equal("API_DISABLED", status.GetDetail<ErrorInfo>()!.Reason);
        Assert.Equal(2, status.GetDetail<BadRequest>()!.FieldViolations.Count);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), status.GetDetail<RetryInfo>()!.RetryDelay.ToTimeSpan());
        Assert.Equal("NullReferenceException at line 3", status.GetDetail<DebugInfo>()!.Detail);
        Assert.Equal("project:123", status.GetDetail<QuotaFailure>()!.Violations[0].Subject);
        Assert.Equal("TOS", status.GetDetail<PreconditionFailure>()!.Violations[0].Type);
        Assert.Equal("shelves/1/books/2", status.GetDetail<ResourceInfo>()!.ResourceName);
        Assert.Equal("req-0001", status.GetDetail<RequestInfo>()!.RequestId);
        Assert.Equal(2, status.GetDetail<Help>()!.Links.Count);
        Assert.Equal("fr-FR", status.GetDetail<LocalizedMessage>()!.Locale);
        Assert.Equal(RichErrorSamples.UserStruct(), status.GetDetail<Struct>());
    }

    [Fact]
    public void Readers_UnknownDetail_IsKeptButNotReturnedAsAnotherType()
    {
        var status = new RichStatus(StatusCode.Internal, "m", [RichErrorSamples.UnknownDetail()]);

        Assert.Null(status.GetDetail<ErrorInfo>());
        Assert.Null(status.GetDetail<Struct>());
        Assert.Empty(status.GetDetails<BadRequest>());
        var kept = Assert.Single(status.Details);
        Assert.Equal(RichErrorSamples.UnknownTypeUrl, kept.TypeUrl);
    }

    [Fact]
    public void Readers_DetailAsAny_CanBeReadAsAny()
    {
        // Asking for Any itself must not confuse an Any detail with "a detail of type Any".
        var status = new RichStatus(StatusCode.Internal, "m", [Any.Pack(new RequestInfo { RequestId = "r" })]);

        Assert.Null(status.GetDetail<Any>());
        Assert.Equal("r", status.GetDetail<RequestInfo>()!.RequestId);
    }

    [Fact]
    public void Readers_TypeUrlWithOtherPrefix_StillMatchesByTypeName()
    {
        // Only the part after the last '/' names the type (Any's contract).
        var packed = Any.Pack(new RequestInfo { RequestId = "r" }, "example.com/types");
        var status = new RichStatus(StatusCode.Internal, "m", [packed]);

        Assert.Equal("r", status.GetDetail<RequestInfo>()!.RequestId);
    }

    [Fact]
    public void Readers_MalformedKnownType_DoNotThrowAndSkipIt()
    {
        var status = new RichStatus(StatusCode.Internal, "m",
        [
            RichErrorSamples.Malformed(BadRequest.Descriptor),
            Any.Pack(new BadRequest { FieldViolations = { new BadRequest.Types.FieldViolation { Field = "ok" } } }),
            RichErrorSamples.Malformed(ErrorInfo.Descriptor),
        ]);

        Assert.Equal("ok", status.GetDetail<BadRequest>()!.FieldViolations[0].Field);
        Assert.Equal("ok", Assert.Single(status.GetDetails<BadRequest>()).FieldViolations[0].Field);
        Assert.Null(status.GetDetail<ErrorInfo>());
        Assert.False(status.TryGetDetail<ErrorInfo>(out _));
        Assert.Equal(3, status.Details.Count);
    }

    [Fact]
    public void Readers_MalformedKnownType_SurvivesTrailerRoundTrip()
    {
        var malformed = RichErrorSamples.Malformed(RetryInfo.Descriptor);
        var status = new RichStatus(StatusCode.Unavailable, "m", [malformed]);

        var back = RichStatus.FromTrailerBytes(status.ToTrailerBytes());

        Assert.Equal(malformed, Assert.Single(back.Details));
        Assert.Null(back.GetDetail<RetryInfo>());
    }

    [Fact]
    public void Readers_UnknownDetail_SurvivesProtoAndTrailerRoundTrips()
    {
        var status = new RichStatus(StatusCode.Internal, "m", [RichErrorSamples.UnknownDetail(), Any.Pack(new RequestInfo { RequestId = "r" })]);

        var back = RichStatus.FromProto(Google.Rpc.Status.Parser.ParseFrom(RichStatus.FromTrailerBytes(status.ToTrailerBytes()).ToProto().ToByteArray()));

        Assert.Equal(RichErrorSamples.UnknownDetail(), back.Details[0]);
        Assert.Equal("r", back.GetDetail<RequestInfo>()!.RequestId);
    }

    [Fact]
    public void TypedAccessors_EveryStandardType_ReturnTheFirstDetailOfThatType()
    {
        var status = RichStatus.FromTrailerBytes(RichErrorSamples.Everything().ToTrailerBytes());

        Assert.Equal("API_DISABLED", status.ErrorInfo!.Reason);
        Assert.Equal("name", status.BadRequest!.FieldViolations[0].Field);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), status.RetryInfo!.RetryDelay.ToTimeSpan());
        Assert.Equal("NullReferenceException at line 3", status.DebugInfo!.Detail);
        Assert.Equal("project:123", status.QuotaFailure!.Violations[0].Subject);
        Assert.Equal("TOS", status.PreconditionFailure!.Violations[0].Type);
        Assert.Equal("shelves/1/books/2", status.ResourceInfo!.ResourceName);
        Assert.Equal("req-0001", status.RequestInfo!.RequestId);
        Assert.Equal("https://example.com/help", status.Help!.Links[0].Url);
        Assert.Equal("fr-FR", status.LocalizedMessage!.Locale);
    }

    [Fact]
    public void TypedAccessors_NoDetails_AreNull()
    {
        var status = new RichStatus(StatusCode.Internal, "m");

        Assert.Null(status.ErrorInfo);
        Assert.Null(status.BadRequest);
        Assert.Null(status.RetryInfo);
        Assert.Null(status.DebugInfo);
        Assert.Null(status.QuotaFailure);
        Assert.Null(status.PreconditionFailure);
        Assert.Null(status.ResourceInfo);
        Assert.Null(status.RequestInfo);
        Assert.Null(status.Help);
        Assert.Null(status.LocalizedMessage);
    }
}
