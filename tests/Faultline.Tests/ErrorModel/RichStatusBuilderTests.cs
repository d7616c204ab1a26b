using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;

namespace Faultline.Tests.ErrorModel;

public class RichStatusBuilderTests
{
    private static T Only<T>(RichStatus status)
        where T : class, IMessage<T>, new()
    {
        var any = Assert.Single(status.Details);
        Assert.Equal("type.googleapis.com/" + new T().Descriptor.FullName, any.TypeUrl);
        return any.Unpack<T>();
    }

    [Fact]
    public void Create_CodeAndMessage_AreKept()
    {
        var status = RichStatus.Create(StatusCode.PermissionDenied, "no").Build();

        Assert.Equal(StatusCode.PermissionDenied, status.Code);
        Assert.Equal("no", status.Message);
        Assert.Empty(status.Details);
    }

    [Fact]
    public void AddErrorInfo_ReasonDomainMetadata_AreSet()
    {
        var info = Only<ErrorInfo>(RichStatus.Create(StatusCode.PermissionDenied, "m")
            .AddErrorInfo("IAM_PERMISSION_DENIED", "iam.example.com", [new("permission", "books.get"), new("resource", "b1")]).Build());

        Assert.Equal("IAM_PERMISSION_DENIED", info.Reason);
        Assert.Equal(1, ErrorInfo.ReasonFieldNumber);
        Assert.Equal("iam.example.com", info.Domain);
        Assert.Equal("books.get", info.Metadata["permission"]);
        Assert.Equal("b1", info.Metadata["resource"]);
    }

    [Fact]
    public void AddErrorInfo_NoMetadata_HasEmptyMap()
    {
        var info = Only<ErrorInfo>(RichStatus.Create(StatusCode.Internal, "m").AddErrorInfo("R", "d").Build());

        Assert.Empty(info.Metadata);
    }

    [Fact]
    public void AddErrorInfo_ReasonIsOnFieldOne_OnTheWire()
    {
        var any = RichStatus.Create(StatusCode.Internal, "m").AddErrorInfo("R", "d").Build().Details[0];

        // Tag 0x0A = field 1, length-delimited: what every current implementation reads as "reason".
        Assert.Equal(new byte[] { 0x0A, 0x01, (byte)'R', 0x12, 0x01, (byte)'d' }, any.Value.ToByteArray());
    }

    [Fact]
    public void AddBadRequest_FieldViolations_AreKeptInOrder()
    {
        var badRequest = Only<BadRequest>(RichStatus.Create(StatusCode.InvalidArgument, "m")
            .AddBadRequest(("name", "required"), ("email", "not an address"), ("age", "negative")).Build());

        Assert.Equal(
            [("name", "required"), ("email", "not an address"), ("age", "negative")],
            badRequest.FieldViolations.Select(v => (v.Field, v.Description)).ToArray());
    }

    [Fact]
    public void AddRetryInfo_Delay_IsADuration()
    {
        var info = Only<RetryInfo>(RichStatus.Create(StatusCode.Unavailable, "m").AddRetryInfo(TimeSpan.FromMilliseconds(2500)).Build());

        Assert.Equal(2, info.RetryDelay.Seconds);
        Assert.Equal(500_000_000, info.RetryDelay.Nanos);
        Assert.Equal(TimeSpan.FromMilliseconds(2500), info.RetryDelay.ToTimeSpan());
    }

    [Fact]
    public void AddDebugInfo_StackAndDetail_AreSet()
    {
        var info = Only<DebugInfo>(RichStatus.Create(StatusCode.Internal, "m").AddDebugInfo(["a", "b"], "detail").Build());

        Assert.Equal(["a", "b"], info.StackEntries);
        Assert.Equal("detail", info.Detail);
    }

    [Fact]
    public void AddDebugInfo_FromException_HasTypeMessageAndStack()
    {
        Exception thrown;
        try
        {
            throw new InvalidOperationException("kaput");
        }
        catch (InvalidOperationException ex)
        {
            thrown = ex;
        }

        var info = Only<DebugInfo>(RichStatus.Create(StatusCode.Internal, "m").AddDebugInfo(thrown).Build());

        Assert.Equal("System.InvalidOperationException: kaput", info.Detail);
        Assert.NotEmpty(info.StackEntries);
        Assert.Contains(info.StackEntries, e => e.Contains(nameof(AddDebugInfo_FromException_HasTypeMessageAndStack)));
    }

    [Fact]
    public void AddDebugInfo_ExceptionNeverThrown_HasNoStack()
    {
        var info = Only<DebugInfo>(RichStatus.Create(StatusCode.Internal, "m").AddDebugInfo(new ArgumentException("x")).Build());

        Assert.Empty(info.StackEntries);
        Assert.StartsWith("System.ArgumentException: x", info.Detail);
    }

    [Fact]
    public void AddQuotaFailure_Violations_AreSet()
    {
        var failure = Only<QuotaFailure>(RichStatus.Create(StatusCode.ResourceExhausted, "m")
            .AddQuotaFailure(("clientip:1.2.3.4", "rate"), ("project:p", "daily")).Build());

        Assert.Equal([("clientip:1.2.3.4", "rate"), ("project:p", "daily")], failure.Violations.Select(v => (v.Subject, v.Description)).ToArray());
    }

    [Fact]
    public void AddPreconditionFailure_Violations_AreSet()
    {
        var failure = Only<PreconditionFailure>(RichStatus.Create(StatusCode.FailedPrecondition, "m")
            .AddPreconditionFailure(("TOS", "google.com/cloud", "Terms of service not accepted")).Build());

        var violation = Assert.Single(failure.Violations);
        Assert.Equal("TOS", violation.Type);
        Assert.Equal("google.com/cloud", violation.Subject);
        Assert.Equal("Terms of service not accepted", violation.Description);
    }

    [Fact]
    public void AddResourceInfo_AllFields_AreSet()
    {
        var info = Only<ResourceInfo>(RichStatus.Create(StatusCode.NotFound, "m").AddResourceInfo("sql table", "users", "user:me", "gone").Build());

        Assert.Equal("sql table", info.ResourceType);
        Assert.Equal("users", info.ResourceName);
        Assert.Equal("user:me", info.Owner);
        Assert.Equal("gone", info.Description);
    }

    [Fact]
    public void AddResourceInfo_OptionalFieldsOmitted_AreEmpty()
    {
        var info = Only<ResourceInfo>(RichStatus.Create(StatusCode.NotFound, "m").AddResourceInfo("t", "n").Build());

        Assert.Equal(string.Empty, info.Owner);
        Assert.Equal(string.Empty, info.Description);
    }

    [Fact]
    public void AddRequestInfo_IdAndServingData_AreSet()
    {
        var info = Only<RequestInfo>(RichStatus.Create(StatusCode.Internal, "m").AddRequestInfo("r-1", "stack").Build());

        Assert.Equal("r-1", info.RequestId);
        Assert.Equal("stack", info.ServingData);
    }

    [Fact]
    public void AddHelp_Links_AreSet()
    {
        var help = Only<Help>(RichStatus.Create(StatusCode.FailedPrecondition, "m")
            .AddHelp(("Enable the API", "https://console.example.com/apis"), ("Docs", "https://docs.example.com")).Build());

        Assert.Equal(
            [("Enable the API", "https://console.example.com/apis"), ("Docs", "https://docs.example.com")],
            help.Links.Select(l => (l.Description, l.Url)).ToArray());
    }

    [Fact]
    public void AddLocalizedMessage_LocaleAndMessage_AreSet()
    {
        var message = Only<LocalizedMessage>(RichStatus.Create(StatusCode.InvalidArgument, "m").AddLocalizedMessage("de-CH", "Ungültige Eingabe").Build());

        Assert.Equal("de-CH", message.Locale);
        Assert.Equal("Ungültige Eingabe", message.Message);
    }

    [Fact]
    public void AddDetail_UserMessage_IsPackedAsAny()
    {
        var status = RichStatus.Create(StatusCode.Aborted, "m").AddDetail(RichErrorSamples.UserStruct()).Build();

        Assert.Equal(RichErrorSamples.UserStruct(), Only<Struct>(status));
        Assert.Equal("type.googleapis.com/google.protobuf.Struct", status.Details[0].TypeUrl);
    }

    [Fact]
    public void AddDetail_Any_IsKeptAsIsNotDoublePacked()
    {
        var unknown = RichErrorSamples.UnknownDetail();

        var status = RichStatus.Create(StatusCode.Aborted, "m").AddDetail(unknown).Build();

        Assert.Same(unknown, Assert.Single(status.Details));
    }

    [Fact]
    public void AddDetail_Null_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => RichStatus.Create(StatusCode.Aborted, "m").AddDetail(null!));
    }

    [Fact]
    public void Build_AllTenStandardTypes_InOrderOfAdding()
    {
        var status = RichErrorSamples.Everything();

        Assert.Equal(
            [
                "google.rpc.ErrorInfo", "google.rpc.BadRequest", "google.rpc.RetryInfo", "google.rpc.DebugInfo",
                "google.rpc.QuotaFailure", "google.rpc.PreconditionFailure", "google.rpc.ResourceInfo",
                "google.rpc.RequestInfo", "google.rpc.Help", "google.rpc.LocalizedMessage",
                "google.protobuf.Struct", "acme.billing.v1.InvoiceHold",
            ],
            status.Details.Select(d => Any.GetTypeName(d.TypeUrl)).ToArray());
    }

    [Fact]
    public void Build_TwiceFromOneBuilder_GivesIndependentStatuses()
    {
        var builder = RichStatus.Create(StatusCode.Internal, "m").AddRequestInfo("1");
        var first = builder.Build();

        builder.AddRequestInfo("2");
        var second = builder.Build();

        Assert.Single(first.Details);
        Assert.Equal(2, second.Details.Count);
    }

    [Fact]
    public void ToException_NotFound_IsNotFoundExceptionWithDetails()
    {
        var ex = RichStatus.Create(StatusCode.NotFound, "gone").AddResourceInfo("book", "b1").ToException();

        var notFound = Assert.IsType<NotFoundException>(ex);
        Assert.Equal("gone", notFound.Status.Detail);
        Assert.Equal("b1", notFound.GetDetail<ResourceInfo>()!.ResourceName);
    }

    [Fact]
    public void ToException_Ok_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => RichStatus.Create(StatusCode.OK, "fine").ToException());
    }

    [Fact]
    public void ToException_WithTrailers_CarriesThemBesideTheDetailsTrailer()
    {
        var ex = RichStatus.Create(StatusCode.Aborted, "retry").AddRequestInfo("r").ToException(new Metadata { { "x-attempt", "2" } });

        Assert.IsType<AbortedException>(ex);
        Assert.Equal("2", ex.Trailers.GetValue("x-attempt"));
        StatusTrailers.AssertAgrees(ex.Status, ex.Trailers);
    }

    [Fact]
    public void Build_NullMessage_IsEmpty()
    {
        Assert.Equal(string.Empty, RichStatus.Create(StatusCode.Internal, null).Build().Message);
    }
}
