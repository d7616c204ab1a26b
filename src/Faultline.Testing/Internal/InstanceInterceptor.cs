using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Faultline.Testing.Internal;

/// <summary>
/// Puts an interceptor instance in grpc-dotnet's server list, which takes types: grpc-dotnet creates
/// this per call with the instance as its constructor argument, and it hands every call on to it.
/// </summary>
internal sealed class InstanceInterceptor(Interceptor instance) : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation) =>
        instance.UnaryServerHandler(request, context, continuation);

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation) =>
        instance.ClientStreamingServerHandler(requestStream, context, continuation);

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation) =>
        instance.ServerStreamingServerHandler(request, responseStream, context, continuation);

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation) =>
        instance.DuplexStreamingServerHandler(requestStream, responseStream, context, continuation);
}
