using System.Reflection;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;

namespace Faultline.Core.Tests.Errors;

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

    private static string DefaultMessageOf(System.Type type)
    {
        var field = type.GetField("DefaultMessage", BindingFlags.Public | BindingFlags.Static);
        Assert.True(field is { IsLiteral: true }, $"{type.Name} has no public const DefaultMessage");
        return (string)field!.GetRawConstantValue()!;
    }

    private static GrpcException Construct(System.Type type, string? message, IEnumerable<IMessage>? details, Metadata? trailers)
    {
        var ctor = type.GetConstructor([typeof(string), typeof(IEnumerable<IMessage>), typeof(Metadata)]);
        Assert.True(ctor is not null, $"{type.Name} lacks (string? message, IEnumerable<IMessage>? details, Metadata? trailers)");
        return (GrpcException)ctor!.Invoke([message, details, trailers]);
    }

    private static GrpcException ConstructFromRichStatus(System.Type type, RichStatus status, Metadata? trailers = null, Exception? inner = null)
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

    [Theory]
    [MemberData(nameof(Subclasses))]
    public void Subclass_DefaultConstructor_HasCodeNameAndDefaultMessage(StatusCode code, System.Type type, string name)
    {
        var ex = Construct(type, null, null, null);

        Assert.IsType(type, ex);
        Assert.Equal(code, ex.StatusCode);
        Assert.Equal(code, ex.Status.Code);
        Assert.Equal(code, ex.RichStatus.Code);
        Assert.Equal(name, ex.StatusName);
        Assert.Equal(DefaultMessageOf(type), ex.Status.Message);
        Assert.Empty(ex.Details);
        Assert.NotNull(ex.Trailers);
        Assert.Empty(ex.Trailers);
        Assert.Contains(DefaultMessageOf(type), ex.Message);
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
            new ErrorInfo { Type = name, Domain = "d" },
            new BadRequest { FieldViolations = { new BadRequest.Types.FieldViolation { Field = "f", Description = "bad" } } },
            new BadRequest { FieldViolations = { new BadRequest.Types.FieldViolation { Field = "g", Description = "worse" } } },
        ];

        var ex = Construct(type, "custom ✓", details, trailers);

        Assert.Equal(code, ex.StatusCode);
        Assert.Equal("custom ✓", ex.Status.Message);
        Assert.Equal(3, ex.Details.Count);
        Assert.Equal(name, ex.GetDetail<ErrorInfo>()!.Type);
        Assert.Equal(["f", "g"], ex.GetDetails<BadRequest>().Select(b => b.FieldViolations[0].Field).ToArray());
        Assert.True(ex.TryGetDetail<BadRequest>(out var first));
        Assert.Equal("f", first.FieldViolations[0].Field);
        Assert.False(ex.TryGetDetail<RetryInfo>(out _));
        Assert.Same(trailers, ex.Trailers);
        Assert.Equal("7", ex.Trailers.GetValue("x-id"));
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
        Assert.Same(trailers, ex.Trailers);
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
        Assert.Same(trailers, ex.Trailers);
        Assert.Same(inner, ex.InnerException);
        Assert.Equal(name, ex.StatusName);
    }

    [Fact]
    public void Create_UndefinedCode_ReturnsPlainGrpcException()
    {
        var ex = GrpcException.Create(new RichStatus((StatusCode)42, "future"));

        Assert.Equal(typeof(GrpcException), ex.GetType());
        Assert.Equal((StatusCode)42, ex.StatusCode);
        Assert.Equal("42", ex.StatusName);
    }

    [Fact]
    public void Create_Ok_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => GrpcException.Create(new RichStatus(StatusCode.OK, "fine")));
    }

    [Fact]
    public void Constructor_StatusOk_ThrowsClearArgumentException()
    {
        var ex = Assert.Throws<ArgumentException>(() => new GrpcException(new Status(StatusCode.OK, "fine")));

        Assert.Equal("status", ex.ParamName);
        Assert.Contains("OK", ex.Message);
        Assert.Contains("not a failure", ex.Message);
    }

    [Fact]
    public void Constructor_CodeOk_ThrowsClearArgumentException()
    {
        var ex = Assert.Throws<ArgumentException>(() => new GrpcException(StatusCode.OK, "fine"));

        Assert.Contains("OK", ex.Message);
    }

    [Fact]
    public void Constructor_RichStatusOk_ThrowsClearArgumentException()
    {
        var ex = Assert.Throws<ArgumentException>(() => new GrpcException(new RichStatus(StatusCode.OK, "fine")));

        Assert.Equal("richStatus", ex.ParamName);
        Assert.Contains("not a failure", ex.Message);
    }

    [Fact]
    public void Constructor_StatusAndTrailers_HasNoDetails()
    {
        var trailers = new Metadata { { "x", "y" } };

        var ex = new GrpcException(new Status(StatusCode.Aborted, "a"), trailers, "local text");

        Assert.Equal(StatusCode.Aborted, ex.StatusCode);
        Assert.Equal("ABORTED", ex.StatusName);
        Assert.Equal("a", ex.Status.Message);
        Assert.Equal("local text", ex.Message);
        Assert.Empty(ex.Details);
        Assert.Same(trailers, ex.Trailers);
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
    public void Subclass_CatchAsGrpcException_Works()
    {
        static void Throw() => throw new PermissionDeniedException(details: [new ErrorInfo { Type = "DENIED", Domain = "d" }]);

        var ex = Assert.ThrowsAny<GrpcException>(Throw);

        Assert.IsType<PermissionDeniedException>(ex);
        Assert.Equal("DENIED", ex.GetDetail<ErrorInfo>()!.Type);
    }

    [Fact]
    public void FromCall_TrailerWithDetails_IsTypedWithDecodedDetails()
    {
        var sent = RichStatus.Create(StatusCode.InvalidArgument, "bad").AddBadRequest(("name", "empty")).Build();
        var trailers = new Metadata { { GrpcException.StatusDetailsTrailer, sent.ToTrailerBytes() } };

        var ex = GrpcException.FromCall(sent.Status, trailers);

        var typed = Assert.IsType<InvalidArgumentException>(ex);
        Assert.Equal("name", typed.GetDetail<BadRequest>()!.FieldViolations[0].Field);
        Assert.Same(trailers, typed.Trailers);
    }

    [Fact]
    public void FromCall_NoTrailers_IsTypedWithoutDetails()
    {
        var ex = GrpcException.FromCall(new Status(StatusCode.Unavailable, "down"), null);

        Assert.IsType<UnavailableException>(ex);
        Assert.Equal("down", ex.Status.Message);
        Assert.Empty(ex.Details);
        Assert.Empty(ex.Trailers);
    }

    [Fact]
    public void StatusDetailsTrailer_IsTheProtocolName()
    {
        Assert.Equal("grpc-status-details-bin", GrpcException.StatusDetailsTrailer);
    }
}
