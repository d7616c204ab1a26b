using Faultline.Internal.Wire;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Status = Grpc.Core.Status;

namespace Faultline.Tests.Interop;

/// <summary>Faultline and grpc-dotnet's own rich-error helpers (Grpc.StatusProto) read each other's trailers.</summary>
public class StatusProtoInteropTests
{
    private static RichStatus Sample(StatusCode code = StatusCode.NotFound) =>
        RichStatus.Create(code, "no such book ✓")
            .AddErrorInfo("BOOK_NOT_FOUND", "library.example.com", [new("book", "b1")])
            .AddResourceInfo("book", "b1")
            .AddDetail(RichErrorSamples.UnknownDetail())
            .Build();

    [Fact]
    public void DetailsTrailerName_IsGrpcStatusProtos()
    {
        Assert.Equal(MetadataExtensions.StatusDetailsTrailerName, StatusHeaderNames.StatusDetails);
    }

    [Theory]
    [MemberData(nameof(ErrorModel.GrpcExceptionTests.Subclasses), MemberType = typeof(ErrorModel.GrpcExceptionTests))]
    public void LocalException_IsReadByGetRpcStatus_WithTheSameCodeMessageAndDetails(StatusCode code, System.Type type, string name)
    {
        var status = Sample(code);

        RpcException thrown = status.ToException();

        var rpcStatus = thrown.GetRpcStatus();
        Assert.NotNull(rpcStatus);
        Assert.Equal((int)code, rpcStatus.Code);
        Assert.Equal(thrown.Status.Detail, rpcStatus.Message);
        Assert.Equal(status.Details, rpcStatus.Details);
        Assert.IsType(type, thrown);
        _ = name;
    }

    [Fact]
    public void LocalException_GetRpcStatus_SeesNoDebugInfo()
    {
        RpcException thrown = RichStatus.Create(StatusCode.Internal, "boom").AddDebugInfo(["at A()"], "secret").AddRequestInfo("r").ToException();

        var rpcStatus = thrown.GetRpcStatus()!;

        Assert.Equal(["google.rpc.RequestInfo"], WireSamples.TypeNames(rpcStatus.Details));
    }

    [Fact]
    public void SetRichStatusTrailers_AreReadByGrpcStatusProto()
    {
        var context = new TestServerCallContext();
        var status = Sample();

        context.SetRichStatus(status);

        var rpcStatus = context.ResponseTrailers.GetRpcStatus()!;
        Assert.Equal(status.ToProto(), rpcStatus);
    }

    [Fact]
    public void ToRpcException_IsReadByToGrpcException_AsTheTypedSubclassWithDetails()
    {
        var proto = Sample().ToProto();

        var typed = proto.ToRpcException().ToGrpcException();

        var notFound = Assert.IsType<NotFoundException>(typed);
        Assert.Equal(proto.Message, notFound.Status.Detail);
        Assert.Equal(proto.Details, notFound.Details);
        Assert.Equal("BOOK_NOT_FOUND", notFound.Reason);
        Assert.Equal("library.example.com", notFound.Domain);
        Assert.Equal("b1", notFound.ErrorMetadata["book"]);
        Assert.Equal("b1", notFound.GetDetail<ResourceInfo>()!.ResourceName);
        Assert.True(notFound.IsRemote);
    }

    [Fact]
    public void ToRpcException_PassesTheStrictCheck()
    {
        var proto = Sample(StatusCode.PermissionDenied).ToProto();

        var read = StatusDetailsReader.ReadStrict(proto.ToRpcException());

        Assert.NotNull(read);
        Assert.Equal(proto.Details, read.Details);
    }

    [Fact]
    public void ToRpcExceptionWithAnotherCode_LenientTakesTheCallsCode_StrictRefuses()
    {
        var proto = Sample().ToProto();
        var exception = proto.ToRpcException(StatusCode.Internal, "something else");

        var typed = exception.ToGrpcException();

        Assert.IsType<InternalException>(typed);
        Assert.Equal("something else", typed.Status.Detail);
        Assert.Equal(proto.Details, typed.Details);
        Assert.Throws<RichStatusMismatchException>(() => StatusDetailsReader.ReadStrict(exception));
    }

    [Fact]
    public void ToRpcExceptionWithUndefinedCode_IsUnknownWithDetails()
    {
        // Grpc.StatusProto maps a code outside the enum to UNKNOWN on the exception's status.
        var proto = new Google.Rpc.Status { Code = 42, Message = "future", Details = { Any.Pack(new RequestInfo { RequestId = "r" }) } };

        var typed = proto.ToRpcException().ToGrpcException();

        Assert.IsType<UnknownException>(typed);
        Assert.Equal("r", typed.GetDetail<RequestInfo>()!.RequestId);
    }

    [Fact]
    public void GetRichStatus_PlainRpcExceptionWithoutDetails_HasCodeAndMessageOnly()
    {
        var rich = new RpcException(new Status(StatusCode.Unavailable, "down")).GetRichStatus();

        Assert.Equal(StatusCode.Unavailable, rich.Code);
        Assert.Equal("down", rich.Message);
        Assert.Empty(rich.Details);
    }

    [Fact]
    public void GetRichStatus_PlainRpcExceptionWithDetails_HasThem()
    {
        var proto = Sample().ToProto();

        var rich = proto.ToRpcException().GetRichStatus();

        Assert.Equal(StatusCode.NotFound, rich.Code);
        Assert.Equal(proto.Message, rich.Message);
        Assert.Equal(proto.Details, rich.Details);
    }

    [Fact]
    public void GetRichStatus_PlainRpcExceptionWithMalformedDetails_HasCodeAndMessageOnly()
    {
        var trailers = new Metadata { { MetadataExtensions.StatusDetailsTrailerName, new byte[] { 0xFF, 0xFF, 0xFF } } };
        var exception = new RpcException(new Status(StatusCode.DataLoss, "corrupt"), trailers);

        var rich = exception.GetRichStatus();

        Assert.Equal(StatusCode.DataLoss, rich.Code);
        Assert.Equal("corrupt", rich.Message);
        Assert.Empty(rich.Details);
        // Grpc.StatusProto agrees that there is nothing usable when told to ignore parse errors, and throws otherwise.
        Assert.Null(trailers.GetRpcStatus(ignoreParseError: true));
        Assert.Throws<InvalidProtocolBufferException>(() => exception.GetRpcStatus());
    }

    [Fact]
    public void SetRpcStatusOnFaultlineTrailers_IsWhatFaultlineThenReads()
    {
        // A handler that overwrites the details with Grpc.StatusProto: the last one set is the one read.
        var exception = Sample().ToException();
        var replacement = new Google.Rpc.Status { Code = (int)StatusCode.NotFound, Message = exception.Status.Detail, Details = { Any.Pack(new Help()) } };
        var trailers = exception.Trailers;

        trailers.SetRpcStatus(replacement);
        var read = new RpcException(exception.Status, trailers).ToGrpcException();

        Assert.Equal(["google.rpc.Help"], WireSamples.TypeNames(read.Details));
    }
}
