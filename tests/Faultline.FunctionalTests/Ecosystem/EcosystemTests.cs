using System.Net;
using System.Text.Json;
using Faultline.FunctionalTests.Infrastructure;
using Faultline.FunctionalTests.Services;
using Grpc.Health.V1;
using Grpc.Net.Client.Web;
using Grpc.Reflection.V1Alpha;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Faultline.FunctionalTests.Ecosystem;

/// <summary>
/// Adopting Faultline changes nothing else a grpc-dotnet application has: health checks, reflection,
/// gRPC-Web and JSON transcoding keep working with the pipeline installed, and their errors are
/// Faultline's rich errors too.
/// </summary>
public class EcosystemTests
{
    [Fact]
    public async Task HealthChecks_AnswerServing()
    {
        await using var server = await CallsServer.StartAsync(
            configureBuilder: b => b.Services.AddGrpcHealthChecks(o => o.UseHealthChecksCache = false).AddCheck("live", () => HealthCheckResult.Healthy()),
            configureApp: app => app.MapGrpcHealthChecksService());
        var health = new Health.HealthClient(server.CreateChannel().WithFaultline());

        var reply = await health.CheckAsync(new HealthCheckRequest());

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, reply.Status);
        server.Logs.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task HealthChecks_UnknownService_IsTypedNotFound()
    {
        await using var server = await CallsServer.StartAsync(
            configureBuilder: b => b.Services.AddGrpcHealthChecks(),
            configureApp: app => app.MapGrpcHealthChecksService());
        var health = new Health.HealthClient(server.CreateChannel().WithFaultline());

        await Assert.ThrowsAsync<NotFoundException>(async () => await health.CheckAsync(new HealthCheckRequest { Service = "no.such.Service" }));
    }

    [Fact]
    public async Task Reflection_ListsTheServices()
    {
        await using var server = await CallsServer.StartAsync(
            configureBuilder: b => b.Services.AddGrpcReflection(),
            configureApp: app => app.MapGrpcReflectionService());
        var reflection = new ServerReflection.ServerReflectionClient(server.CreateChannel().WithFaultline());

        using var call = reflection.ServerReflectionInfo();
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext());

        Assert.Contains(call.ResponseStream.Current.ListServicesResponse.Service, s => s.Name == "faultline.functional.Calls");
        server.Logs.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task GrpcWeb_SuccessAndRichFailure()
    {
        await using var server = await CallsServer.StartAsync(
            kestrel: k => k.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http1),
            configureApp: app => app.UseGrpcWeb(new GrpcWebOptions { DefaultEnabled = true }));
        using var channel = Grpc.Net.Client.GrpcChannel.ForAddress(server.Addresses[1], new() { HttpHandler = new GrpcWebHandler(GrpcWebMode.GrpcWeb, new HttpClientHandler()), HttpVersion = HttpVersion.Version11, HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact });
        var client = new Calls.CallsClient(channel.WithFaultline());

        var reply = await client.UnaryAsync(new CallRequest { Text = "web" });
        var thrown = await Assert.ThrowsAsync<NotFoundException>(async () => await client.UnaryAsync(new CallRequest { Mode = Modes.ThrowTyped, Text = "web" }));
        var set = await Assert.ThrowsAsync<ResourceExhaustedException>(async () => await client.UnaryAsync(new CallRequest { Mode = Modes.SetRich, Text = "web" }));

        Assert.Equal("unary web", reply.Text);
        Assert.Equal("THING_NOT_FOUND", thrown.Reason);
        Assert.Equal("name: web", set.RichStatus.QuotaFailure!.Violations[0].Subject);
        server.Logs.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task GrpcWeb_ServerStreamingFailureAfterMessages()
    {
        await using var server = await CallsServer.StartAsync(
            kestrel: k => k.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http1),
            configureApp: app => app.UseGrpcWeb(new GrpcWebOptions { DefaultEnabled = true }));
        using var channel = Grpc.Net.Client.GrpcChannel.ForAddress(server.Addresses[1], new() { HttpHandler = new GrpcWebHandler(GrpcWebMode.GrpcWebText, new HttpClientHandler()), HttpVersion = HttpVersion.Version11, HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact });
        var client = new Calls.CallsClient(channel.WithFaultline());

        var outcome = await CallRunner.RunAsync(client, MethodType.ServerStreaming, new CallRequest { Mode = Modes.ThrowTyped, Count = 2 });

        Assert.Equal(2, outcome.Replies.Count);
        Assert.Equal("THING_NOT_FOUND", outcome.ErrorOf<NotFoundException>().Reason);
    }

    [Fact]
    public async Task JsonTranscoding_Success()
    {
        await using var server = await TranscodingServerAsync();
        using var http = new HttpClient { BaseAddress = server.Addresses[1] };

        var response = await http.GetAsync("/v1/things/lamp");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("lamp", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("throw")]
    [InlineData("set")]
    public async Task JsonTranscoding_RichFailure_IsAJsonErrorWithTheDetails(string mode)
    {
        await using var server = await TranscodingServerAsync();
        using var http = new HttpClient { BaseAddress = server.Addresses[1] };

        var response = await http.GetAsync($"/v1/things/lamp?mode={mode}");
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(5, body.GetProperty("code").GetInt32());
        Assert.Equal("Thing 'lamp' does not exist.", body.GetProperty("message").GetString());
        var detail = Assert.Single(body.GetProperty("details").EnumerateArray());
        Assert.Equal("type.googleapis.com/google.rpc.ErrorInfo", detail.GetProperty("@type").GetString());
        Assert.Equal("THING_NOT_FOUND", detail.GetProperty("reason").GetString());
        server.Logs.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task JsonTranscoding_UnexpectedException_LeaksNothing()
    {
        await using var server = await TranscodingServerAsync();
        using var http = new HttpClient { BaseAddress = server.Addresses[1] };

        var response = await http.GetAsync("/v1/things/lamp?mode=unexpected");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.DoesNotContain("secret", text, StringComparison.Ordinal);
        Assert.Equal(2, JsonDocument.Parse(text).RootElement.GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task JsonTranscodedService_OverGrpc_IsRichToo()
    {
        await using var server = await TranscodingServerAsync();
        var client = new Things.ThingsClient(server.CreateChannel().WithFaultline());

        var ex = await Assert.ThrowsAsync<NotFoundException>(async () => await client.GetThingAsync(new GetThingRequest { Name = "lamp", Mode = "set" }));

        Assert.Equal("THING_NOT_FOUND", ex.Reason);
        Assert.Equal("lamp", ex.ErrorMetadata["name"]);
    }

    private static Task<CallsServer> TranscodingServerAsync() => CallsServer.StartAsync(
        kestrel: k => k.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http1),
        configureBuilder: b => b.Services.AddGrpc().AddJsonTranscoding(),
        configureApp: app => app.MapGrpcService<ThingsService>());
}
