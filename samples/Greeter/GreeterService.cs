using Faultline;
using Helloworld;

namespace Greeter;

/// <summary>The Greeter service: says hello, once or as a stream.</summary>
public sealed class GreeterService : Helloworld.Greeter.GreeterBase
{
    public override Task<HelloReply> SayHello(HelloRequest request, ServerCallContext context) =>
        Task.FromResult(new HelloReply { Message = $"Hello, {request.Name}!" });

    public override async Task SayHelloStreamReply(HelloRequest request, IServerStreamWriter<HelloReply> responseStream, ServerCallContext context)
    {
        string[] greetings = ["Hello", "Bonjour", "Hola"];
        foreach (var greeting in greetings)
        {
            await responseStream.WriteAsync(new HelloReply { Message = $"{greeting}, {request.Name}!" }, context.CancellationToken);
        }
    }

    public override async Task SayHelloBidiStream(IAsyncStreamReader<HelloRequest> requestStream, IServerStreamWriter<HelloReply> responseStream, ServerCallContext context)
    {
        await foreach (var request in requestStream.ReadAllAsync(context.CancellationToken))
        {
            await responseStream.WriteAsync(new HelloReply { Message = $"Hello, {request.Name}!" }, context.CancellationToken);
        }
    }
}
