using Faultline;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Helloworld;
using Microsoft.Extensions.Logging;

namespace Greeter;

/// <summary>The demo: start a server, call it through the Faultline client pipeline, print the replies, stop.</summary>
public static class GreeterDemo
{
    public static async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        await using var app = GreeterServer.Build(port: 0, LogLevel.Warning);
        await app.StartAsync(cancellationToken);
        var address = GreeterServer.GetAddress(app);
        Console.WriteLine($"Greeter server listening on {address}");

        try
        {
            await CallAsync(address, "World", cancellationToken);
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
        }

        return 0;
    }

    /// <summary>Calls every Greeter method on <paramref name="address"/> and prints what comes back.</summary>
    public static async Task CallAsync(string address, string name, CancellationToken cancellationToken)
    {
        using var channel = GrpcChannel.ForAddress(address);
        var invoker = channel.WithFaultline();
        var client = new Helloworld.Greeter.GreeterClient(invoker);

        var reply = await client.SayHelloAsync(new HelloRequest { Name = name }, cancellationToken: cancellationToken);
        Console.WriteLine($"SayHello: {reply.Message}");

        // The LimitedGreeter greets each person once: a second greeting fails with rich details.
        try
        {
            await client.SayHelloAsync(new HelloRequest { Name = name }, cancellationToken: cancellationToken);
        }
        catch (ResourceExhaustedException ex)
        {
            Console.WriteLine($"SayHello again: {ex.StatusName} ({ex.Status.Detail})");
            foreach (var violation in ex.RichStatus.QuotaFailure?.Violations ?? [])
            {
                Console.WriteLine($"  QuotaFailure: {violation.Subject}: {violation.Description}");
            }

            Console.WriteLine($"  as JSON: {RichStatusJson.Format(ex.RichStatus)}");
        }

        try
        {
            await client.SayHelloAsync(new HelloRequest { Name = string.Empty }, cancellationToken: cancellationToken);
        }
        catch (InvalidArgumentException ex)
        {
            Console.WriteLine($"SayHello with no name: {ex.StatusName} ({ex.Status.Detail})");
            foreach (var violation in ex.RichStatus.BadRequest?.FieldViolations ?? [])
            {
                Console.WriteLine($"  BadRequest: field '{violation.Field}': {violation.Description}");
            }
        }

        using (var stream = client.SayHelloStreamReply(new HelloRequest { Name = name }, cancellationToken: cancellationToken))
        {
            await foreach (var message in stream.ResponseStream.ReadAllAsync(cancellationToken))
            {
                Console.WriteLine($"SayHelloStreamReply: {message.Message}");
            }
        }

        using (var bidi = client.SayHelloBidiStream(cancellationToken: cancellationToken))
        {
            foreach (var friend in new[] { "Alice", "Bob" })
            {
                await bidi.RequestStream.WriteAsync(new HelloRequest { Name = friend }, cancellationToken);
                if (await bidi.ResponseStream.MoveNext(cancellationToken))
                {
                    Console.WriteLine($"SayHelloBidiStream: {bidi.ResponseStream.Current.Message}");
                }
            }

            await bidi.RequestStream.CompleteAsync();
            await foreach (var _ in bidi.ResponseStream.ReadAllAsync(cancellationToken))
            {
            }
        }

        try
        {
            // A call to a method the server does not have fails with a status, not an HTTP error.
            var missing = new Method<HelloRequest, HelloReply>(MethodType.Unary, "helloworld.Greeter", "SayGoodbye", Marshallers.Create(m => m.ToByteArray(), HelloRequest.Parser.ParseFrom), Marshallers.Create(m => m.ToByteArray(), HelloReply.Parser.ParseFrom));
            await invoker.AsyncUnaryCall(missing, null, new CallOptions(cancellationToken: cancellationToken), new HelloRequest { Name = name });
        }
        catch (UnimplementedException ex)
        {
            Console.WriteLine($"SayGoodbye: {ex.StatusName} ({ex.Status.Detail})");
        }
    }
}
