namespace Faultline.Tests.ErrorModel;

public class StatusCodeNamesTests
{
    // google.rpc.Code is the canonical list: the same numbers and names as gRPC's statuscodes.md.
    [Fact]
    public void StatusCode_EveryValue_MatchesGoogleRpcCodeNumberAndName()
    {
        var rpcCodes = Google.Rpc.CodeReflection.Descriptor.EnumTypes.Single(e => e.Name == "Code").Values;

        Assert.Equal(17, rpcCodes.Count);
        Assert.Equal(17, Enum.GetValues<StatusCode>().Length);
        foreach (var rpc in rpcCodes)
        {
            var code = (StatusCode)rpc.Number;
            Assert.True(Enum.IsDefined(code), $"google.rpc.Code {rpc.Name} ({rpc.Number}) has no StatusCode");
            Assert.Equal(rpc.Name, StatusCodeNames.GetName(code));
        }
    }

    [Theory]
    [InlineData(17, "17")]
    [InlineData(42, "42")]
    [InlineData(-1, "-1")]
    public void GetName_UndefinedCode_IsItsNumber(int code, string expected)
    {
        Assert.Equal(expected, StatusCodeNames.GetName((StatusCode)code));
    }
}
