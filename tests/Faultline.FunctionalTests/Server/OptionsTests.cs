using Faultline.FunctionalTests.Infrastructure;
using Faultline.FunctionalTests.Services;
using Microsoft.Extensions.Options;

namespace Faultline.FunctionalTests.Server;

/// <summary>FaultlineServerOptions: the documented defaults, the settings taking effect, and bad settings refused at start.</summary>
public class OptionsTests
{
    [Fact]
    public void Defaults_AreTheDocumentedOnes()
    {
        var options = new Faultline.AspNetCore.FaultlineServerOptions();

        Assert.Equal(8 * 1024, options.MaxStatusTrailerSize);
        Assert.Equal(StatusCode.Unknown, options.UnexpectedExceptionStatusCode);
        Assert.True(options.SendRetryPushback);
    }

    [Fact]
    public async Task UnexpectedExceptionStatusCode_IsUsedForUnexpectedExceptions()
    {
        await using var server = await CallsServer.StartAsync(faultlineOptions: o => o.UnexpectedExceptionStatusCode = StatusCode.Internal);
        var client = server.CreateFaultlineClient();

        var ex = await Assert.ThrowsAsync<InternalException>(async () => await client.UnaryAsync(new CallRequest { Mode = Modes.ThrowUnexpected }));

        Assert.Equal("Exception was thrown by handler.", ex.Status.Detail);
    }

    [Fact]
    public async Task UnexpectedExceptionStatusCode_DoesNotChangeStatusesTheServiceChose()
    {
        await using var server = await CallsServer.StartAsync(faultlineOptions: o => o.UnexpectedExceptionStatusCode = StatusCode.Internal);
        var client = server.CreateFaultlineClient();

        await Assert.ThrowsAsync<NotFoundException>(async () => await client.UnaryAsync(new CallRequest { Mode = Modes.ThrowTyped }));
        await Assert.ThrowsAsync<PermissionDeniedException>(async () => await client.UnaryAsync(new CallRequest { Mode = Modes.ThrowRpc }));
    }

    [Fact]
    public async Task UnexpectedExceptionStatusCodeOk_IsRefusedWhenTheHostStarts()
    {
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => CallsServer.StartAsync(faultlineOptions: o => o.UnexpectedExceptionStatusCode = StatusCode.OK));

        Assert.Contains("UnexpectedExceptionStatusCode is OK", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(100)]
    [InlineData(64 * 1024)]
    public async Task MaxStatusTrailerSizeOutOfRange_IsRefusedWhenTheHostStarts(int size)
    {
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => CallsServer.StartAsync(faultlineOptions: o => o.MaxStatusTrailerSize = size));

        Assert.Contains("MaxStatusTrailerSize", ex.Message, StringComparison.Ordinal);
        Assert.Contains("between 1024 and 32768", ex.Message, StringComparison.Ordinal);
    }
}
