using Faultline.FunctionalTests.Infrastructure;
using Faultline.FunctionalTests.Services;
using Google.Protobuf;

namespace Faultline.FunctionalTests.Client;

/// <summary>
/// A server that sends a broken details trailer (here plain grpc-dotnet throwing a hand-made one):
/// leniently the code and message survive without details; strictly (like grpcio-status's from_call)
/// the call throws an RpcException saying what is wrong.
/// </summary>
public sealed class StatusDetailsStrictnessTests : IAsyncLifetime
{
    private CallsServer _server = null!;

    public async Task InitializeAsync() => _server = await CallsServer.StartAsync(faultline: false);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Lenient_MalformedDetails_KeepCodeAndMessage()
    {
        var client = _server.CreateFaultlineClient();

        var ex = await Assert.ThrowsAsync<NotFoundException>(async () => await client.UnaryAsync(new CallRequest { Mode = Modes.ThrowMalformedDetails }));

        Assert.Equal("malformed details", ex.Status.Detail);
        Assert.Empty(ex.Details);
    }

    [Fact]
    public async Task Lenient_MismatchedDetails_CodeAndMessageComeFromTheStatus()
    {
        var client = _server.CreateFaultlineClient();

        var ex = await Assert.ThrowsAsync<NotFoundException>(async () => await client.UnaryAsync(new CallRequest { Mode = Modes.ThrowMismatchedDetails }));

        Assert.Equal("what the headers say", ex.RichStatus.Message);
        Assert.Equal(StatusCode.NotFound, ex.RichStatus.Code);
    }

    [Fact]
    public async Task Strict_MalformedDetails_ThrowsMalformedStatusDetailsException()
    {
        var client = _server.CreateFaultlineClient(o => o.StrictStatusDetails = true);

        var ex = await Assert.ThrowsAsync<MalformedStatusDetailsException>(async () => await client.UnaryAsync(new CallRequest { Mode = Modes.ThrowMalformedDetails }));

        Assert.Equal(StatusCode.NotFound, ex.StatusCode);
        Assert.Equal("malformed details", ex.Status.Detail);
        Assert.IsType<InvalidProtocolBufferException>(ex.InnerException);
    }

    [Fact]
    public async Task Strict_MismatchedDetails_ThrowsRichStatusMismatchException()
    {
        var client = _server.CreateFaultlineClient(o => o.StrictStatusDetails = true);

        var ex = await Assert.ThrowsAsync<RichStatusMismatchException>(async () => await client.UnaryAsync(new CallRequest { Mode = Modes.ThrowMismatchedDetails }));

        Assert.Equal(StatusCode.NotFound, ex.StatusCode);
        Assert.Equal(StatusCode.Internal, ex.DetailsStatus.Code);
        Assert.Contains("INTERNAL", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Strict_ConsistentDetails_AreTyped()
    {
        var client = _server.CreateFaultlineClient(o => o.StrictStatusDetails = true);

        var ex = await Assert.ThrowsAsync<NotFoundException>(async () => await client.UnaryAsync(new CallRequest { Mode = Modes.ThrowTyped, Text = "s" }));

        Assert.Equal("THING_NOT_FOUND", ex.Reason);
    }

    [Fact]
    public async Task Strict_NoDetailsTrailer_IsTypedWithoutDetails()
    {
        var client = _server.CreateFaultlineClient(o => o.StrictStatusDetails = true);

        var ex = await Assert.ThrowsAsync<PermissionDeniedException>(async () => await client.UnaryAsync(new CallRequest { Mode = Modes.ThrowRpc }));

        Assert.Empty(ex.Details);
    }
}
