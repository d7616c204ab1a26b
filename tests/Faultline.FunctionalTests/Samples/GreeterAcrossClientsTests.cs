using Google.Rpc;
using Grpc.Net.Client;
using Helloworld;
using Microsoft.Extensions.Logging;

namespace Faultline.FunctionalTests.Samples;

/// <summary>
/// The LimitedGreeter's two errors (its quota, taken without throwing, and its BadRequest, thrown)
/// read identically in a Python grpcio client, the Faultline client and a plain grpc-dotnet client
/// with only Grpc.StatusProto: the same code, message and details bytes.
/// </summary>
public sealed class GreeterAcrossClientsTests
{
    private const string Name = "Ada";

    private static readonly PythonPeer Python = new("greeter_client.py");

    [Fact]
    public async Task QuotaAndBadRequest_ReadTheSameInPythonFaultlineAndPlainGrpcDotnet()
    {
        await Python.EnsureAvailableAsync();
        var python = await ReadWithPythonAsync();
        var faultline = await ReadWithDotnetAsync(channel => new Helloworld.Greeter.GreeterClient(channel.WithFaultline()));
        var plain = await ReadWithDotnetAsync(channel => new Helloworld.Greeter.GreeterClient(channel));

        Assert.Equal(python, faultline);
        Assert.Equal(python, plain);

        var quota = Google.Rpc.Status.Parser.ParseFrom(Convert.FromHexString(python["quota"].DetailsHex));
        Assert.Equal((int)Code.ResourceExhausted, quota.Code);
        Assert.Equal("name: Ada", quota.Details.Single(d => d.Is(QuotaFailure.Descriptor)).Unpack<QuotaFailure>().Violations[0].Subject);
        var empty = Google.Rpc.Status.Parser.ParseFrom(Convert.FromHexString(python["empty"].DetailsHex));
        Assert.Equal("name", empty.Details.Single(d => d.Is(BadRequest.Descriptor)).Unpack<BadRequest>().FieldViolations[0].Field);
    }

    private static async Task<Dictionary<string, Read>> ReadWithPythonAsync()
    {
        await using var server = await StartGreeterAsync();
        var address = new Uri(global::Greeter.GreeterServer.GetAddress(server)).Authority;
        var result = await Python.RunAsync(TimeSpan.FromSeconds(60), "greeter_client.py", address, ProtoDirectory(), Name);
        Assert.True(result.ExitCode == 0, result.ToString());

        var reads = new Dictionary<string, Read>();
        foreach (var line in result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(l => !l.StartsWith("ok ", StringComparison.Ordinal)))
        {
            // "<call> <CODE> <message...> <hex>"
            var parts = line.Split(' ');
            reads[parts[0]] = new Read(parts[1], string.Join(' ', parts[2..^1]), parts[^1]);
        }

        return reads;
    }

    private static async Task<Dictionary<string, Read>> ReadWithDotnetAsync(Func<GrpcChannel, Helloworld.Greeter.GreeterClient> createClient)
    {
        await using var server = await StartGreeterAsync();
        using var channel = GrpcChannel.ForAddress(global::Greeter.GreeterServer.GetAddress(server));
        var client = createClient(channel);
        await client.SayHelloAsync(new HelloRequest { Name = Name });
        return new Dictionary<string, Read>
        {
            ["quota"] = await ReadFailureAsync(() => client.SayHelloAsync(new HelloRequest { Name = Name }).ResponseAsync),
            ["empty"] = await ReadFailureAsync(() => client.SayHelloAsync(new HelloRequest()).ResponseAsync),
        };
    }

    private static async Task<Read> ReadFailureAsync(Func<Task> call)
    {
        var error = await Assert.ThrowsAnyAsync<RpcException>(call);
        var details = error.Trailers.GetValueBytes("grpc-status-details-bin") ?? [];
        return new Read(StatusCodeNames.GetName(error.StatusCode), error.Status.Detail, Convert.ToHexString(details).ToLowerInvariant());
    }

    private static async Task<Microsoft.AspNetCore.Builder.WebApplication> StartGreeterAsync()
    {
        var app = global::Greeter.GreeterServer.Build(0, LogLevel.Warning);
        await app.StartAsync();
        return app;
    }

    private static string ProtoDirectory()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Faultline.slnx")))
        {
            directory = directory.Parent;
        }

        return Path.Combine(directory!.FullName, "samples", "Greeter", "Protos");
    }

    private sealed record Read(string Code, string Message, string DetailsHex);
}
