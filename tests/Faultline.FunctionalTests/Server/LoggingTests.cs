using Faultline.FunctionalTests.Infrastructure;
using Faultline.FunctionalTests.Services;
using Microsoft.Extensions.Logging;

namespace Faultline.FunctionalTests.Server;

/// <summary>
/// Unexpected exceptions are logged once, at Error, with the exception; statuses the service chose
/// at Debug, without a stack trace; grpc-dotnet logs neither again (the failure is not rethrown).
/// </summary>
public class LoggingTests
{
    private const string Category = "Faultline.AspNetCore.Server";

    [Theory]
    [MemberData(nameof(CallKinds.All), MemberType = typeof(CallKinds))]
    public async Task UnexpectedException_IsLoggedOnceAtError_WithTheException(MethodType kind)
    {
        await using var server = await CallsServer.StartAsync();

        await CallRunner.RunAsync(server.CreatePlainClient(), kind, new CallRequest { Mode = Modes.ThrowUnexpected });

        var error = Assert.Single(server.Logs.Records, r => r.Level >= LogLevel.Error);
        Assert.Equal(Category, error.Category);
        Assert.Equal("UnexpectedException", error.EventName);
        Assert.Equal("secret internal detail", Assert.IsType<InvalidOperationException>(error.Exception).Message);
        Assert.Contains("InvalidOperationException", error.Message, StringComparison.Ordinal);
        Assert.Contains("Unknown", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(server.Logs.Records, r => r.Exception is InvalidOperationException && r.Category != Category);
    }

    [Theory]
    [MemberData(nameof(CallKinds.All), MemberType = typeof(CallKinds))]
    public async Task ExpectedStatus_IsLoggedAtDebug_WithoutException(MethodType kind)
    {
        await using var server = await CallsServer.StartAsync();

        await CallRunner.RunAsync(server.CreatePlainClient(), kind, new CallRequest { Mode = Modes.ThrowTyped, Text = "x" });

        var record = Assert.Single(server.Logs.Records, r => r.Category == Category);
        Assert.Equal(LogLevel.Debug, record.Level);
        Assert.Equal("CallFailed", record.EventName);
        Assert.Null(record.Exception);
        Assert.Contains("NotFound", record.Message, StringComparison.Ordinal);
        Assert.Contains("No such thing: x", record.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(server.Logs.Records, r => r.Level >= LogLevel.Information && r.Category.StartsWith("Grpc", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SetStatus_IsLoggedAtDebug()
    {
        await using var server = await CallsServer.StartAsync();

        await CallRunner.RunAsync(server.CreatePlainClient(), MethodType.Unary, new CallRequest { Mode = Modes.SetRich, Text = "Ada" });

        var record = Assert.Single(server.Logs.Records, r => r.Category == Category);
        Assert.Equal("CallFailed", record.EventName);
        Assert.Contains("ResourceExhausted", record.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SuccessfulCall_LogsNothingFromFaultline()
    {
        await using var server = await CallsServer.StartAsync();

        foreach (var kind in CallPaths.AllKinds)
        {
            var outcome = await CallRunner.RunAsync(server.CreatePlainClient(), kind, new CallRequest { Mode = Modes.Ok, Count = 2 });
            Assert.Null(outcome.Error);
        }

        Assert.DoesNotContain(server.Logs.Records, r => r.Category == Category);
    }

    /// <summary>For contrast: plain grpc-dotnet logs the unexpected exception itself.</summary>
    [Fact]
    public async Task Control_PlainGrpcDotnet_LogsUnexpectedExceptionsItself()
    {
        await using var server = await CallsServer.StartAsync(faultline: false);

        await CallRunner.RunAsync(server.CreatePlainClient(), MethodType.Unary, new CallRequest { Mode = Modes.ThrowUnexpected });

        var error = Assert.Single(server.Logs.Records, r => r.Level >= LogLevel.Error);
        Assert.NotEqual(Category, error.Category);
    }
}
