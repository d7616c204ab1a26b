using Faultline;
using Grpc.Core;
using Helloworld;

namespace Greeter;

/// <summary>
/// The LimitedGreeter: says hello once per person. A repeated name fails with RESOURCE_EXHAUSTED and
/// a QuotaFailure detail; an empty name fails with INVALID_ARGUMENT and a BadRequest detail. Clients in
/// any language read those details from the grpc-status-details-bin trailer. An ordinary
/// grpc-dotnet service: the two lines that adopt Faultline are in GreeterServer.
/// </summary>
public sealed class GreeterService(GreetingLedger ledger) : Helloworld.Greeter.GreeterBase
{
    public override Task<HelloReply> SayHello(HelloRequest request, ServerCallContext context)
    {
        if (string.IsNullOrEmpty(request.Name))
        {
            throw RichStatus.Create(StatusCode.InvalidArgument, "Name must not be empty.")
                .AddBadRequest(("name", "A name is required to say hello."))
                .ToException();
        }

        if (!ledger.TryRecord(request.Name))
        {
            // Quota rejections are frequent, so this one takes the fast path: the status is set, not
            // thrown, and the returned message is not sent. Clients see the same failure either way.
            context.SetRichStatus(RichStatus.Create(StatusCode.ResourceExhausted, "Request limit exceeded.")
                .AddQuotaFailure(($"name: {request.Name}", "Limit one greeting per person"))
                .Build());
            return Task.FromResult(new HelloReply());
        }

        return Task.FromResult(new HelloReply { Message = $"Hello, {request.Name}!" });
    }

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
