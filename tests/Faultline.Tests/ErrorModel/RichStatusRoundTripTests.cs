using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;

namespace Faultline.Tests.ErrorModel;

public class RichStatusRoundTripTests
{
    [Fact]
    public void Constructor_NullMessageAndDetails_AreEmpty()
    {
        var status = new RichStatus(StatusCode.NotFound, null);

        Assert.Equal(string.Empty, status.Message);
        Assert.Empty(status.Details);
        Assert.Equal(StatusCode.NotFound, status.Status.StatusCode);
        Assert.Equal(string.Empty, status.Status.Detail);
        Assert.Null(status.Status.DebugException);
    }

    [Fact]
    public void Status_IsTheGrpcCoreStatusOfCodeAndMessage()
    {
        var status = RichStatus.Create(StatusCode.Aborted, "try again").AddRequestInfo("r").Build();

        Assert.Equal(StatusCode.Aborted, status.Status.StatusCode);
        Assert.Equal("try again", status.Status.Detail);
    }

    [Fact]
    public void Constructor_DetailsSequence_IsCopiedNotAliased()
    {
        var list = new List<Any> { Any.Pack(new RequestInfo { RequestId = "a" }) };
        var status = new RichStatus(StatusCode.Internal, "m", list);

        list.Add(Any.Pack(new RequestInfo { RequestId = "b" }));

        Assert.Single(status.Details);
    }

    [Fact]
    public void ToProto_Everything_CarriesCodeMessageAndDetailsInOrder()
    {
        var status = RichErrorSamples.Everything();

        var proto = status.ToProto();

        Assert.Equal((int)StatusCode.InvalidArgument, proto.Code);
        Assert.Equal(status.Message, proto.Message);
        Assert.Equal(status.Details, proto.Details);
        Assert.Equal(12, proto.Details.Count);
    }

    [Fact]
    public void FromProto_ToProto_RoundTrips()
    {
        var proto = RichErrorSamples.Everything().ToProto();

        var back = RichStatus.FromProto(proto).ToProto();

        Assert.Equal(proto, back);
    }

    [Fact]
    public void FromProto_Null_ThrowsArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => RichStatus.FromProto(null!));
    }

    [Fact]
    public void ToTrailerBytes_FromTrailerBytes_RoundTripsEveryDetailIncludingUnknown()
    {
        var status = RichErrorSamples.Everything();

        var parsed = RichStatus.FromTrailerBytes(status.ToTrailerBytes());

        RichErrorSamples.AssertSame(status, parsed);
        var unknown = parsed.Details.Single(d => d.TypeUrl == RichErrorSamples.UnknownTypeUrl);
        Assert.Equal(RichErrorSamples.UnknownBytes, unknown.Value.ToByteArray());
    }

    [Fact]
    public void ToTrailerBytes_IsASerializedGoogleRpcStatus()
    {
        var status = RichErrorSamples.Everything(StatusCode.ResourceExhausted, "quota");

        var proto = Google.Rpc.Status.Parser.ParseFrom(status.ToTrailerBytes());

        Assert.Equal(8, proto.Code);
        Assert.Equal("quota", proto.Message);
        Assert.Equal(status.Details, proto.Details);
    }

    [Fact]
    public void ToTrailerBytes_KeepsDebugInfo()
    {
        // The raw bytes are the status as it is; only the wire encoding applies the DebugInfo policy.
        var status = RichStatus.Create(StatusCode.Internal, "m").AddDebugInfo(["frame"], "detail").Build();

        var proto = Google.Rpc.Status.Parser.ParseFrom(status.ToTrailerBytes());

        Assert.Equal("detail", Assert.Single(proto.Details).Unpack<DebugInfo>().Detail);
    }

    [Fact]
    public void ToTrailerBytes_TwiceThroughBytes_IsByteIdentical()
    {
        var bytes = RichErrorSamples.Everything().ToTrailerBytes();

        var again = RichStatus.FromTrailerBytes(bytes).ToTrailerBytes();

        Assert.Equal(bytes, again);
    }

    [Fact]
    public void FromTrailerBytes_Empty_IsOkWithNothing()
    {
        // An empty google.rpc.Status is valid protobuf: code 0, no message, no details.
        var status = RichStatus.FromTrailerBytes(ReadOnlySpan<byte>.Empty);

        Assert.Equal(StatusCode.OK, status.Code);
        Assert.Equal(string.Empty, status.Message);
        Assert.Empty(status.Details);
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF })]
    [InlineData(new byte[] { 0x12, 0x10, 0x41 })] // message: length 16, one byte present
    [InlineData(new byte[] { 0x1A, 0x05, 0x0A, 0x03, 0x61 })] // details: truncated Any
    [InlineData(new byte[] { 0x08 })] // code: varint missing
    public void FromTrailerBytes_Malformed_ThrowsInvalidProtocolBufferException(byte[] bytes)
    {
        Assert.Throws<InvalidProtocolBufferException>(() => RichStatus.FromTrailerBytes(bytes));
    }

    [Fact]
    public void TryFromTrailerBytes_Malformed_ReturnsFalse()
    {
        Assert.False(RichStatus.TryFromTrailerBytes(new byte[] { 0xFF, 0xFF, 0xFF }, out var status));
        Assert.Null(status);
    }

    [Fact]
    public void TryFromTrailerBytes_Valid_ReturnsStatus()
    {
        var original = RichErrorSamples.Everything();

        Assert.True(RichStatus.TryFromTrailerBytes(original.ToTrailerBytes(), out var status));
        RichErrorSamples.AssertSame(original, status);
    }

    [Fact]
    public void FromTrailerBytes_UnknownCodeNumber_IsKept()
    {
        var bytes = new Google.Rpc.Status { Code = 42, Message = "future" }.ToByteArray();

        var status = RichStatus.FromTrailerBytes(bytes);

        Assert.Equal((StatusCode)42, status.Code);
        Assert.Equal(42, status.ToProto().Code);
    }

    [Fact]
    public void FromTrailerBytes_UnknownFieldsInStatus_AreIgnored()
    {
        // A newer google.rpc.Status with an extra field (99) must still be read.
        var known = new Google.Rpc.Status { Code = 5, Message = "m" }.ToByteArray();
        var bytes = known.Concat(new byte[] { 0x98, 0x06, 0x01 }).ToArray(); // field 99, varint 1

        var status = RichStatus.FromTrailerBytes(bytes);

        Assert.Equal(StatusCode.NotFound, status.Code);
        Assert.Equal("m", status.Message);
    }

    [Fact]
    public void ToString_NamesCodeMessageAndDetailTypes()
    {
        var text = RichStatus.Create(StatusCode.NotFound, "gone").AddResourceInfo("book", "b1").Build().ToString();

        Assert.Contains("NotFound", text);
        Assert.Contains("gone", text);
        Assert.Contains("google.rpc.ResourceInfo", text);
    }
}
