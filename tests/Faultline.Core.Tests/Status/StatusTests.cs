namespace Faultline.Core.Tests;

public class StatusCodeTests
{
    // statuscodes.md in grpc/grpc: the numbers are wire values.
    [Theory]
    [InlineData(StatusCode.OK, 0)]
    [InlineData(StatusCode.Cancelled, 1)]
    [InlineData(StatusCode.Unknown, 2)]
    [InlineData(StatusCode.InvalidArgument, 3)]
    [InlineData(StatusCode.DeadlineExceeded, 4)]
    [InlineData(StatusCode.NotFound, 5)]
    [InlineData(StatusCode.AlreadyExists, 6)]
    [InlineData(StatusCode.PermissionDenied, 7)]
    [InlineData(StatusCode.ResourceExhausted, 8)]
    [InlineData(StatusCode.FailedPrecondition, 9)]
    [InlineData(StatusCode.Aborted, 10)]
    [InlineData(StatusCode.OutOfRange, 11)]
    [InlineData(StatusCode.Unimplemented, 12)]
    [InlineData(StatusCode.Internal, 13)]
    [InlineData(StatusCode.Unavailable, 14)]
    [InlineData(StatusCode.DataLoss, 15)]
    [InlineData(StatusCode.Unauthenticated, 16)]
    public void StatusCode_Value_MatchesSpecNumber(StatusCode code, int expected)
    {
        Assert.Equal(expected, (int)code);
    }

    [Fact]
    public void StatusCode_HasExactlySeventeenValues()
    {
        var values = Enum.GetValues<StatusCode>().Select(v => (int)v).OrderBy(v => v).ToArray();
        Assert.Equal(Enumerable.Range(0, 17).ToArray(), values);
    }

    [Theory]
    [InlineData(StatusCode.OK, "OK")]
    [InlineData(StatusCode.Cancelled, "CANCELLED")]
    [InlineData(StatusCode.Unknown, "UNKNOWN")]
    [InlineData(StatusCode.InvalidArgument, "INVALID_ARGUMENT")]
    [InlineData(StatusCode.DeadlineExceeded, "DEADLINE_EXCEEDED")]
    [InlineData(StatusCode.NotFound, "NOT_FOUND")]
    [InlineData(StatusCode.AlreadyExists, "ALREADY_EXISTS")]
    [InlineData(StatusCode.PermissionDenied, "PERMISSION_DENIED")]
    [InlineData(StatusCode.ResourceExhausted, "RESOURCE_EXHAUSTED")]
    [InlineData(StatusCode.FailedPrecondition, "FAILED_PRECONDITION")]
    [InlineData(StatusCode.Aborted, "ABORTED")]
    [InlineData(StatusCode.OutOfRange, "OUT_OF_RANGE")]
    [InlineData(StatusCode.Unimplemented, "UNIMPLEMENTED")]
    [InlineData(StatusCode.Internal, "INTERNAL")]
    [InlineData(StatusCode.Unavailable, "UNAVAILABLE")]
    [InlineData(StatusCode.DataLoss, "DATA_LOSS")]
    [InlineData(StatusCode.Unauthenticated, "UNAUTHENTICATED")]
    public void StatusCodeNames_GetName_ReturnsCanonicalName(StatusCode code, string expected)
    {
        Assert.Equal(expected, StatusCodeNames.GetName(code));
    }

    [Theory]
    [InlineData(17, "17")]
    [InlineData(-1, "-1")]
    [InlineData(1000, "1000")]
    public void StatusCodeNames_GetName_UnknownValue_ReturnsNumber(int value, string expected)
    {
        Assert.Equal(expected, StatusCodeNames.GetName((StatusCode)value));
    }
}

public class StatusTests
{
    [Fact]
    public void Default_HasOkCodeAndEmptyMessage()
    {
        var status = default(Status);
        Assert.Equal(StatusCode.OK, status.Code);
        Assert.NotNull(status.Message);
        Assert.Equal("", status.Message);
        Assert.True(status.IsOk);
    }

    [Fact]
    public void Ctor_NullMessage_IsEmpty()
    {
        Assert.Equal("", new Status(StatusCode.Internal, null).Message);
    }

    [Fact]
    public void DefaultSuccess_And_DefaultCancelled_HaveExpectedValues()
    {
        Assert.Equal(StatusCode.OK, Status.DefaultSuccess.Code);
        Assert.Equal("", Status.DefaultSuccess.Message);
        Assert.Equal(StatusCode.Cancelled, Status.DefaultCancelled.Code);
        Assert.Equal("", Status.DefaultCancelled.Message);
        Assert.False(Status.DefaultCancelled.IsOk);
    }

    [Fact]
    public void Equality_SameCodeAndMessage_AreEqual()
    {
        var a = new Status(StatusCode.NotFound, "missing");
        var b = new Status(StatusCode.NotFound, "missing");
        Assert.True(a == b);
        Assert.False(a != b);
        Assert.True(a.Equals(b));
        Assert.True(a.Equals((object)b));
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    [Fact]
    public void Equality_NullAndEmptyMessage_AreEqual()
    {
        var a = new Status(StatusCode.Internal, null);
        var b = new Status(StatusCode.Internal, "");
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.Equal(default(Status), Status.DefaultSuccess);
    }

    [Fact]
    public void Equality_DifferentCodeOrMessage_AreNotEqual()
    {
        var a = new Status(StatusCode.NotFound, "missing");
        Assert.NotEqual(a, new Status(StatusCode.Internal, "missing"));
        Assert.NotEqual(a, new Status(StatusCode.NotFound, "Missing"));
        Assert.True(a != new Status(StatusCode.NotFound, "other"));
        Assert.False(a.Equals("not a status"));
    }

    [Fact]
    public void ToString_ContainsCodeAndMessage()
    {
        var text = new Status(StatusCode.Unavailable, "down").ToString();
        Assert.Contains("Unavailable", text);
        Assert.Contains("down", text);
    }
}

public class GrpcExceptionTests
{
    [Fact]
    public void Ctor_OkStatus_ThrowsArgumentExceptionNamingStatus()
    {
        var ex = Assert.Throws<ArgumentException>(() => new GrpcException(Status.DefaultSuccess));
        Assert.Equal("status", ex.ParamName);
        Assert.Contains("OK", ex.Message);
    }

    [Fact]
    public void Ctor_OkCode_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => new GrpcException(StatusCode.OK, "fine"));
        Assert.Throws<ArgumentException>(() => new GrpcException(new Status(StatusCode.OK, "x"), new Metadata()));
    }

    [Fact]
    public void Ctor_Status_CarriesStatusAndEmptyTrailers()
    {
        var status = new Status(StatusCode.NotFound, "no such thing");
        var ex = new GrpcException(status);
        Assert.Equal(status, ex.Status);
        Assert.Equal(StatusCode.NotFound, ex.StatusCode);
        Assert.NotNull(ex.Trailers);
        Assert.Empty(ex.Trailers);
        Assert.Contains("NotFound", ex.Message);
        Assert.Contains("no such thing", ex.Message);
    }

    [Fact]
    public void Ctor_CodeAndMessage_BuildsStatus()
    {
        var ex = new GrpcException(StatusCode.PermissionDenied, "nope");
        Assert.Equal(new Status(StatusCode.PermissionDenied, "nope"), ex.Status);
    }

    [Fact]
    public void Ctor_WithTrailersMessageAndInner_CarriesThem()
    {
        var trailers = new Metadata { { "retry-info", "later" } };
        var inner = new InvalidOperationException("cause");
        var ex = new GrpcException(new Status(StatusCode.Unavailable, "down"), trailers, "custom message", inner);
        Assert.Same(trailers, ex.Trailers);
        Assert.Equal("later", ex.Trailers.GetValue("retry-info"));
        Assert.Equal("custom message", ex.Message);
        Assert.Same(inner, ex.InnerException);
        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
    }
}
