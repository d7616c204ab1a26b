using Faultline.Protocol;

namespace Faultline.Core.Tests;

public class BinaryHeaderValueTests
{
    [Theory]
    [InlineData("", new byte[0])]
    [InlineData("AQ==", new byte[] { 1 })]
    [InlineData("AQI=", new byte[] { 1, 2 })]
    [InlineData("AQID", new byte[] { 1, 2, 3 })]
    [InlineData("/+7d", new byte[] { 0xFF, 0xEE, 0xDD })]
    public void Decode_Padded_ReturnsBytes(string value, byte[] expected)
    {
        Assert.Equal(expected, BinaryHeaderValue.Decode(value));
    }

    [Theory]
    [InlineData("AQ", new byte[] { 1 })]
    [InlineData("AQI", new byte[] { 1, 2 })]
    [InlineData("AQIDBA", new byte[] { 1, 2, 3, 4 })]
    [InlineData("AQIDBAU", new byte[] { 1, 2, 3, 4, 5 })]
    public void Decode_Unpadded_ReturnsBytes(string value, byte[] expected)
    {
        Assert.Equal(expected, BinaryHeaderValue.Decode(value));
    }

    [Fact]
    public void Decode_SurroundingWhitespace_IsIgnored()
    {
        Assert.Equal(new byte[] { 1, 2 }, BinaryHeaderValue.Decode("  AQI \t"));
    }

    [Theory]
    [InlineData("A")]
    [InlineData("AQIDB")]
    [InlineData("A*==")]
    [InlineData("!!!!")]
    [InlineData("AQ=A")]
    [InlineData("=AQI")]
    [InlineData("AQ==AQ==X")]
    [InlineData("\u00e9\u00e9\u00e9\u00e9")]
    public void Decode_InvalidBase64_ThrowsFormatException(string value)
    {
        Assert.Throws<FormatException>(() => BinaryHeaderValue.Decode(value));
    }

    [Theory]
    [InlineData(new byte[0], "")]
    [InlineData(new byte[] { 1 }, "AQ==")]
    [InlineData(new byte[] { 1, 2 }, "AQI=")]
    [InlineData(new byte[] { 0xFF, 0xEE, 0xDD }, "/+7d")]
    public void Encode_IsPaddedStandardBase64(byte[] value, string expected)
    {
        Assert.Equal(expected, BinaryHeaderValue.Encode(value));
    }

    [Fact]
    public void EncodeDecode_RoundTripsEveryLength()
    {
        for (var length = 0; length < 40; length++)
        {
            var bytes = Enumerable.Range(0, length).Select(i => (byte)(i * 37 + 11)).ToArray();
            var encoded = BinaryHeaderValue.Encode(bytes);
            Assert.Equal(bytes, BinaryHeaderValue.Decode(encoded));
            Assert.Equal(bytes, BinaryHeaderValue.Decode(encoded.TrimEnd('=')));
        }
    }
}

public class GrpcContentTypeTests
{
    [Theory]
    [InlineData("application/grpc")]
    [InlineData("application/grpc+proto")]
    [InlineData("application/grpc+json")]
    [InlineData("application/grpc;charset=utf-8")]
    [InlineData("application/grpc+proto;charset=utf-8")]
    [InlineData("application/grpc; charset=utf-8")]
    [InlineData("APPLICATION/GRPC")]
    [InlineData("Application/Grpc+Proto")]
    [InlineData(" application/grpc ")]
    public void IsGrpc_GrpcContentTypes_ReturnsTrue(string contentType)
    {
        Assert.True(GrpcContentType.IsGrpc(contentType));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("application/grpc-web")]
    [InlineData("application/grpc-web+proto")]
    [InlineData("application/grpc-web-text")]
    [InlineData("application/grpcx")]
    [InlineData("application/grpc2")]
    [InlineData("application/json")]
    [InlineData("application/proto")]
    [InlineData("text/plain")]
    [InlineData("application/")]
    [InlineData("application/grp")]
    [InlineData("xapplication/grpc")]
    public void IsGrpc_OtherContentTypes_ReturnsFalse(string? contentType)
    {
        Assert.False(GrpcContentType.IsGrpc(contentType));
    }
}

public class HttpStatusMappingTests
{
    // http-grpc-status-mapping.md in grpc/grpc.
    [Theory]
    [InlineData(400, StatusCode.Internal)]
    [InlineData(401, StatusCode.Unauthenticated)]
    [InlineData(403, StatusCode.PermissionDenied)]
    [InlineData(404, StatusCode.Unimplemented)]
    [InlineData(429, StatusCode.Unavailable)]
    [InlineData(502, StatusCode.Unavailable)]
    [InlineData(503, StatusCode.Unavailable)]
    [InlineData(504, StatusCode.Unavailable)]
    [InlineData(200, StatusCode.Unknown)]
    [InlineData(301, StatusCode.Unknown)]
    [InlineData(405, StatusCode.Unknown)]
    [InlineData(415, StatusCode.Unknown)]
    [InlineData(426, StatusCode.Unknown)]
    [InlineData(500, StatusCode.Unknown)]
    [InlineData(501, StatusCode.Unknown)]
    [InlineData(0, StatusCode.Unknown)]
    public void ToStatusCode_MatchesSpecTable(int httpStatus, StatusCode expected)
    {
        Assert.Equal(expected, HttpStatusMapping.ToStatusCode(httpStatus));
    }
}

public class ReservedHeadersTests
{
    [Theory]
    [InlineData(":path")]
    [InlineData(":authority")]
    [InlineData(":method")]
    [InlineData(":scheme")]
    [InlineData(":status")]
    [InlineData("")]
    public void IsReserved_PseudoHeaders_True(string name)
    {
        Assert.True(ReservedHeaders.IsReserved(name));
    }

    [Theory]
    [InlineData("grpc-status")]
    [InlineData("grpc-message")]
    [InlineData("grpc-timeout")]
    [InlineData("grpc-encoding")]
    [InlineData("grpc-accept-encoding")]
    [InlineData("Grpc-Status")]
    [InlineData("GRPC-MESSAGE")]
    public void IsReserved_GrpcProtocolHeaders_True(string name)
    {
        Assert.True(ReservedHeaders.IsReserved(name));
    }

    [Theory]
    [InlineData("content-type")]
    [InlineData("Content-Type")]
    [InlineData("te")]
    [InlineData("host")]
    [InlineData("user-agent")]
    [InlineData("accept-encoding")]
    [InlineData("content-length")]
    [InlineData("content-encoding")]
    [InlineData("connection")]
    [InlineData("keep-alive")]
    [InlineData("transfer-encoding")]
    [InlineData("upgrade")]
    [InlineData("proxy-connection")]
    public void IsReserved_TransportHeaders_True(string name)
    {
        Assert.True(ReservedHeaders.IsReserved(name));
    }

    [Theory]
    [InlineData("grpc-status-details-bin")]
    [InlineData("Grpc-Status-Details-Bin")]
    public void IsReserved_StatusDetailsBin_False(string name)
    {
        Assert.False(ReservedHeaders.IsReserved(name));
    }

    [Theory]
    [InlineData("authorization")]
    [InlineData("x-request-id")]
    [InlineData("custom-bin")]
    [InlineData("my-grpc-status")]
    [InlineData("grpc-statusx")]
    public void IsReserved_CustomKeys_False(string name)
    {
        Assert.False(ReservedHeaders.IsReserved(name));
    }
}
