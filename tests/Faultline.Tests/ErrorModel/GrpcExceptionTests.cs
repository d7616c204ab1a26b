using System.Reflection;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;

namespace Faultline.Tests.ErrorModel;

public class GrpcExceptionTests
{
    /// <summary>Every non-OK code, its subclass and its canonical name.</summary>
    public static TheoryData<StatusCode, System.Type, string> Subclasses => new()
    {
        { StatusCode.Cancelled, typeof(CancelledException), "CANCELLED" },
        { StatusCode.Unknown, typeof(UnknownException), "UNKNOWN" },
        { StatusCode.InvalidArgument, typeof(InvalidArgumentException), "INVALID_ARGUMENT" },
        { StatusCode.DeadlineExceeded, typeof(DeadlineExceededException), "DEADLINE_EXCEEDED" },
        { StatusCode.NotFound, typeof(NotFoundException), "NOT_FOUND" },
        { StatusCode.AlreadyExists, typeof(AlreadyExistsException), "ALREADY_EXISTS" },
        { StatusCode.PermissionDenied, typeof(PermissionDeniedException), "PERMISSION_DENIED" },
        { StatusCode.ResourceExhausted, typeof(ResourceExhaustedException), "RESOURCE_EXHAUSTED" },
        { StatusCode.FailedPrecondition, typeof(FailedPreconditionException), "FAILED_PRECONDITION" },
        { StatusCode.Aborted, typeof(AbortedException), "ABORTED" },
        { StatusCode.OutOfRange, typeof(OutOfRangeException), "OUT_OF_RANGE" },
        { StatusCode.Unimplemented, typeof(UnimplementedException), "UNIMPLEMENTED" },
        { StatusCode.Internal, typeof(InternalException), "INTERNAL" },
        { StatusCode.Unavailable, typeof(UnavailableException), "UNAVAILABLE" },
        { StatusCode.DataLoss, typeof(DataLossException), "DATA_LOSS" },
        { StatusCode.Unauthenticated, typeof(UnauthenticatedException), "UNAUTHENTICATED" },
    };

    internal static string DefaultMessageOf(System.Type type)
    {
        var field = type.GetField("DefaultMessage", BindingFlags.Public | BindingFlags.Static);
        Assert.True(field is { IsLiteral: true }, $"{type.Name} has no public const DefaultMessage");
        return (string)field!.GetRawConstantValue()!;
    }

    internal static GrpcException Construct(System.Type type, string? message, IEnumerable<IMessage>? details, Metadata? trailers)
    {
        var ctor = type.GetConstructor([typeof(string), typeof(IEnumerable<IMessage>), typeof(Metadata)]);
        Assert.True(ctor is not null, $"{type.Name} lacks (string? message, IEnumerable<IMessage>? details, Metadata? trailers)");
        return (GrpcException)ctor!.Invoke([message, details, trailers]);
    }

    internal static GrpcException ConstructFromRichStatus(System.Type type, RichStatus status, Metadata? trailers = null, Exception? inner = null)
    {
        var ctor = type.GetConstructor([typeof(RichStatus), typeof(Metadata), typeof(Exception)]);
        Assert.True(ctor is not null, $"{type.Name} lacks (RichStatus, Metadata?, Exception?)");
        try
        {
            return (GrpcException)ctor!.Invoke([status, trailers, inner]);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(ex.InnerException);
            throw;
        }
    }

    [Fact]
    public void Subclasses_OnePerNonOkCode_AllDeriveFromGrpcException()
    {
        var types = typeof(GrpcException).Assembly.GetExportedTypes().Where(t => t.IsSubclassOf(typeof(GrpcException))).ToHashSet();

        Assert.Equal(16, types.Count);
        Assert.Equal(Subclasses.Select(row => (System.Type)row[1]).ToHashSet(), types);
    }

    [Fact]
    public void GrpcException_IsAnRpcException()
    {
        Assert.True(typeof(RpcException).IsAssignableFrom(typeof(GrpcException)));
    }

    [Theory]
    [MemberData(nameof(Subclasses))]
    public void Subclass_DefaultConstructor_HasCodeNameAndDefaultMessage(StatusCode code, System.Type type, string name)
    {
        var ex = Construct(type, null, null, null);

        Assert.IsType(type, ex);
        Assert.Equal(code, ex.StatusCode);
        Assert.Equal(code, ex.Status.StatusCode);
        Assert.Equal(code, ex.RichStatus.Code);
        Assert.Equal(name, ex.StatusName);
        Assert.Equal(DefaultMessageOf(type), ex.Status.Detail);
        Assert.Equal(DefaultMessageOf(type), ex.RichStatus.Message);
        Assert.Empty(ex.Details);
        Assert.False(ex.IsRemote);
        Assert.Contains(DefaultMessageOf(type), ex.Message);
    }

    [Theory]
    [MemberData(nameof(Subclasses))]
    public void Subclass_DefaultConstructor_TrailersHoldOnlyTheDetailsTrailer(StatusCode code, System.Type type, string name)
    {
        var ex = Construct(type, null, null, null);

        var entry = Assert.Single(ex.Trailers);
        Assert.Equal(StatusTrailers.DetailsKey, entry.Key);
        var proto = StatusTrailers.AssertAgrees(ex.Status, ex.Trailers);
        Assert.Empty(proto.Details);
        Assert.Equal((int)code, proto.Code);
        _ = name;
    }

    [Theory]
    [MemberData(nameof(Subclasses))]
    public void Subclass_DefaultMessage_IsASentenceAboutItsCode(StatusCode code, System.Type type, string name)
    {
        var message = DefaultMessageOf(type);

        Assert.False(string.IsNullOrWhiteSpace(message), name);
        Assert.True(char.IsUpper(message[0]), $"{name}: '{message}'");
        Assert.EndsWith(".", message);
        Assert.True(message.Length >= 10, $"{name}: '{message}'");
        _ = code;
    }

    [Fact]
    public void Subclass_DefaultMessages_AreDistinct()
    {
        var messages = Subclasses.Select(row => DefaultMessageOf((System.Type)row[1])).ToList();

        Assert.Equal(messages.Count, messages.Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Subclasses))]
    public void Subclass_WithMessageDetailsAndTrailers_CarriesAll(StatusCode code, System.Type type, string name)
    {
        var trailers = new Metadata { { "x-id", "7" }, { "x-blob-bin", new byte[] { 1, 2 } } };
        IMessage[] details =
        [
            new ErrorInfo { Reason = name, Domain = "d" },
            new BadRequest { FieldViolations = { new BadRequest.Types.FieldViolation { Field = "f", Description = "bad" } } },
            new BadRequest { FieldViolations = { new BadRequest.Types.FieldViolation { Field = "g", Description = "worse" } } },
        ];

        var ex = Construct(type, "custom ✓", details, trailers);

        Assert.Equal(code, ex.StatusCode);
        Assert.Equal("custom ✓", ex.Status.Detail);
        Assert.Equal(3, ex.Details.Count);
        Assert.Equal(name, ex.GetDetail<ErrorInfo>()!.Reason);
        Assert.Equal(["f", "g"], ex.GetDetails<BadRequest>().Select(b => b.FieldViolations[0].Field).ToArray());
        Assert.True(ex.TryGetDetail<BadRequest>(out var first));
        Assert.Equal("f", first.FieldViolations[0].Field);
        Assert.False(ex.TryGetDetail<RetryInfo>(out _));
        Assert.Equal("7", ex.Trailers.GetValue("x-id"));
        Assert.Equal(new byte[] { 1, 2 }, ex.Trailers.GetValueBytes("x-blob-bin"));
        Assert.Equal(ex.Details, StatusTrailers.AssertAgrees(ex.Status, ex.Trailers).Details);
    }

    [Theory]
    [MemberData(nameof(Subclasses))]
    public void Subclass_FromRichStatusOfItsCode_KeepsStatusAndInner(StatusCode code, System.Type type, string name)
    {
        var status = RichStatus.Create(code, name).AddRequestInfo("r").Build();
        var inner = new IOException("socket");
        var trailers = new Metadata { { "k", "v" } };

        var ex = ConstructFromRichStatus(type, status, trailers, inner);

        Assert.Same(status, ex.RichStatus);
        Assert.Same(inner, ex.InnerException);
        Assert.Same(inner, ex.Status.DebugException);
        Assert.Equal("v", ex.Trailers.GetValue("k"));
        Assert.Equal("r", ex.GetDetail<RequestInfo>()!.RequestId);
    }

    [Theory]
    [MemberData(nameof(Subclasses))]
    public void Subclass_FromRichStatusOfAnotherCode_ThrowsArgumentException(StatusCode code, System.Type type, string name)
    {
        var other = code == StatusCode.NotFound ? StatusCode.Internal : StatusCode.NotFound;

        var ex = Assert.Throws<ArgumentException>(() => ConstructFromRichStatus(type, new RichStatus(other, "m")));

        Assert.Equal("richStatus", ex.ParamName);
        Assert.Contains(name, ex.Message);
        Assert.Contains(StatusCodeNames.GetName(other), ex.Message);
    }

    [Theory]
    [MemberData(nameof(Subclasses))]
    public void Subclass_FromOkRichStatus_ThrowsArgumentException(StatusCode code, System.Type type, string name)
    {
        _ = code;
        _ = name;
        Assert.Throws<ArgumentException>(() => ConstructFromRichStatus(type, new RichStatus(StatusCode.OK, "fine")));
    }

    [Theory]
    [MemberData(nameof(Subclasses))]
    public void Subclass_FromNullRichStatus_ThrowsArgumentNullException(StatusCode code, System.Type type, string name)
    {
        _ = code;
        _ = name;
        Assert.Throws<ArgumentNullException>(() => ConstructFromRichStatus(type, null!));
    }

    [Theory]
    [MemberData(nameof(Subclasses))]
    public void Create_EachCode_ReturnsItsSubclass(StatusCode code, System.Type type, string name)
    {
        var status = RichStatus.Create(code, "m").AddErrorInfo(name, "d").Build();
        var trailers = new Metadata { { "a", "b" } };
        var inner = new InvalidOperationException();

        var ex = GrpcException.Create(status, trailers, inner);

        Assert.IsType(type, ex);
        Assert.Same(status, ex.RichStatus);
        Assert.Equal("b", ex.Trailers.GetValue("a"));
        Assert.Same(inner, ex.InnerException);
        Assert.Equal(name, ex.StatusName);
        Assert.Equal(name, ex.Reason);
    }

    [Fact]
    public void Create_UndefinedCode_ReturnsPlainGrpcException()
    {
        var ex = GrpcException.Create(new RichStatus((StatusCode)42, "future"));

        Assert.Equal(typeof(GrpcException), ex.GetType());
        Assert.Equal((StatusCode)42, ex.StatusCode);
        Assert.Equal("42", ex.StatusName);
        Assert.Equal(42, StatusTrailers.SingleDetails(ex.Trailers).Code);
    }

    [Fact]
    public void Create_Ok_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => GrpcException.Create(new RichStatus(StatusCode.OK, "fine")));
    }

    [Fact]
    public void Create_Null_ThrowsArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => GrpcException.Create(null!));
    }

    [Fact]
    public void Constructor_CodeOk_ThrowsClearArgumentException()
    {
        var ex = Assert.Throws<ArgumentException>(() => new GrpcException(StatusCode.OK, "fine"));

        Assert.Contains("OK", ex.Message);
        Assert.Contains("not a failure", ex.Message);
    }

    [Fact]
    public void Constructor_RichStatusOk_ThrowsClearArgumentException()
    {
        var ex = Assert.Throws<ArgumentException>(() => new GrpcException(new RichStatus(StatusCode.OK, "fine")));

        Assert.Equal("richStatus", ex.ParamName);
        Assert.Contains("not a failure", ex.Message);
    }

    [Fact]
    public void Constructor_CodeAndMessage_HasNoDetails()
    {
        var ex = new GrpcException(StatusCode.Aborted, "a");

        Assert.Equal(typeof(GrpcException), ex.GetType());
        Assert.Equal(StatusCode.Aborted, ex.StatusCode);
        Assert.Equal("ABORTED", ex.StatusName);
        Assert.Equal("a", ex.Status.Detail);
        Assert.Empty(ex.Details);
        Assert.Null(ex.ErrorInfo);
    }

    [Fact]
    public void Constructor_NullMessage_IsEmpty()
    {
        var ex = new GrpcException(StatusCode.Internal, null);

        Assert.Equal(string.Empty, ex.Status.Detail);
        Assert.Equal(string.Empty, ex.RichStatus.Message);
    }

    [Fact]
    public void Constructor_NoExceptionMessage_DescribesStatus()
    {
        var ex = new GrpcException(StatusCode.NotFound, "where?");

        Assert.Contains("NotFound", ex.Message);
        Assert.Contains("where?", ex.Message);
    }

    [Fact]
    public void Constructor_NullRichStatus_ThrowsArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => new GrpcException((RichStatus)null!));
    }

    [Fact]
    public void Subclass_AnyDetailPassedThrough_IsNotDoublePacked()
    {
        var unknown = RichErrorSamples.UnknownDetail();

        var ex = new InternalException("m", [unknown, new Struct()]);

        Assert.Same(unknown, ex.Details[0]);
        Assert.Equal("type.googleapis.com/google.protobuf.Struct", ex.Details[1].TypeUrl);
    }

    [Fact]
    public void Subclass_CatchAsGrpcExceptionOrRpcException_Works()
    {
        static void Throw() => throw new PermissionDeniedException(details: [new ErrorInfo { Reason = "DENIED", Domain = "d" }]);

        var ex = Assert.ThrowsAny<GrpcException>(Throw);
        var rpc = Assert.ThrowsAny<RpcException>(Throw);

        Assert.IsType<PermissionDeniedException>(ex);
        Assert.Equal("DENIED", ex.GetDetail<ErrorInfo>()!.Reason);
        Assert.Equal(StatusCode.PermissionDenied, rpc.StatusCode);
    }

    [Fact]
    public void ErrorInfoAccessors_ReadTheFirstErrorInfo()
    {
        var ex = RichStatus.Create(StatusCode.PermissionDenied, "m")
            .AddRequestInfo("r")
            .AddErrorInfo("IAM_PERMISSION_DENIED", "iam.example.com", [new("permission", "books.get")])
            .AddErrorInfo("SECOND", "other.example.com")
            .ToException();

        Assert.Equal("IAM_PERMISSION_DENIED", ex.Reason);
        Assert.Equal("iam.example.com", ex.Domain);
        Assert.Equal("books.get", ex.ErrorMetadata["permission"]);
        Assert.Single(ex.ErrorMetadata);
        Assert.Same(ex.ErrorInfo, ex.ErrorInfo);
    }

    [Fact]
    public void ErrorInfoAccessors_NoErrorInfo_AreNullAndEmpty()
    {
        var ex = new NotFoundException();

        Assert.Null(ex.ErrorInfo);
        Assert.Null(ex.Reason);
        Assert.Null(ex.Domain);
        Assert.Empty(ex.ErrorMetadata);
    }
}
