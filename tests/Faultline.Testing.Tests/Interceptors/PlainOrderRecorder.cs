using System.Collections.Concurrent;
using Grpc.Core.Interceptors;

namespace Faultline.Testing.Tests.Interceptors;

/// <summary>A plain grpc-dotnet interceptor writing "{name} enter" and "{name} exit" around unary calls.</summary>
public sealed class PlainOrderRecorder(string name, ConcurrentQueue<string> journal) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        journal.Enqueue($"{name} enter");
        try
        {
            return await continuation(request, context);
        }
        finally
        {
            journal.Enqueue($"{name} exit");
        }
    }
}
