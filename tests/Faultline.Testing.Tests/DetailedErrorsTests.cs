using Google.Rpc;

namespace Faultline.Testing.Tests;

/// <summary>
/// With grpc-dotnet's EnableDetailedErrors, and only then, the exception's type and message and a
/// DebugInfo reach the client: for unexpected and for mapped exceptions alike.
/// </summary>
public class DetailedErrorsTests
{
    [Fact]
    public async Task DetailedErrors_AddTheExceptionTextAndDebugInfo_ToUnexpectedAndMappedExceptions()
    {
        var cases = new SpecialCases
        {
            { "unexpected", SpecialCases.Raises(() => new InvalidOperationException("The cache is cold.")) },
            { "mapped", SpecialCases.Raises(() => new ArgumentException("Input is odd.")) },
        };
        await using var host = await DummyServiceHost.StartAsync(new DummyServiceHostOptions { SpecialCases = cases, ConfigureGrpc = o => o.EnableDetailedErrors = true });

        var unexpected = Assert.IsType<UnknownException>((await host.Client.CallAsync(MethodType.Unary, "unexpected")).Error);
        var mapped = Assert.IsType<InvalidArgumentException>((await host.Client.CallAsync(MethodType.DuplexStreaming, ["a", "mapped"])).Error);

        Assert.Equal("Exception was thrown by handler. InvalidOperationException: The cache is cold.", unexpected.Status.Detail);
        Assert.Contains("InvalidOperationException: The cache is cold.", unexpected.RichStatus.DebugInfo?.Detail);
        Assert.NotEmpty(unexpected.RichStatus.DebugInfo!.StackEntries);
        Assert.Equal($"{InvalidArgumentException.DefaultMessage} ArgumentException: Input is odd.", mapped.Status.Detail);
        Assert.NotNull(mapped.GetDetail<DebugInfo>());
    }
}
