using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Options;

namespace Faultline.AspNetCore.Internal.Interception;

/// <summary>
/// The interceptors registered with <c>AddServerInterceptor</c>, run as one grpc-dotnet interceptor
/// in registration order, outermost first. One registration for all of them lets the same type be
/// registered twice and instances be registered at all, which grpc-dotnet's interceptor list cannot.
/// </summary>
internal sealed class ServerInterceptorChain : Interceptor
{
    private readonly ServerInterceptorEntry[] _entries;

    public ServerInterceptorChain(IOptions<ServerInterceptorRegistrations> registrations, IServiceProvider services)
    {
        _entries = registrations.Value.Resolve(services);
    }

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation) =>
        Unary(0, request, context, continuation);

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation) =>
        ClientStreaming(0, requestStream, context, continuation);

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation) =>
        ServerStreaming(0, request, responseStream, context, continuation);

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation) =>
        Duplex(0, requestStream, responseStream, context, continuation);

    private Task<TResponse> Unary<TRequest, TResponse>(int index, TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
        where TRequest : class
        where TResponse : class
    {
        index = NextApplying(index, context);
        return index == _entries.Length
            ? continuation(request, context)
            : _entries[index].Interceptor.UnaryServerHandler(request, context, (r, c) => Unary(index + 1, r, c, continuation));
    }

    private Task<TResponse> ClientStreaming<TRequest, TResponse>(int index, IAsyncStreamReader<TRequest> requests, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
        where TRequest : class
        where TResponse : class
    {
        index = NextApplying(index, context);
        return index == _entries.Length
            ? continuation(requests, context)
            : _entries[index].Interceptor.ClientStreamingServerHandler(requests, context, (r, c) => ClientStreaming(index + 1, r, c, continuation));
    }

    private Task ServerStreaming<TRequest, TResponse>(int index, TRequest request, IServerStreamWriter<TResponse> responses, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
        where TRequest : class
        where TResponse : class
    {
        index = NextApplying(index, context);
        return index == _entries.Length
            ? continuation(request, responses, context)
            : _entries[index].Interceptor.ServerStreamingServerHandler(request, responses, context, (r, w, c) => ServerStreaming(index + 1, r, w, c, continuation));
    }

    private Task Duplex<TRequest, TResponse>(int index, IAsyncStreamReader<TRequest> requests, IServerStreamWriter<TResponse> responses, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
        where TRequest : class
        where TResponse : class
    {
        index = NextApplying(index, context);
        return index == _entries.Length
            ? continuation(requests, responses, context)
            : _entries[index].Interceptor.DuplexStreamingServerHandler(requests, responses, context, (r, w, c) => Duplex(index + 1, r, w, c, continuation));
    }

    // Entries whose registration selector turns the method down are skipped without a frame of their own.
    private int NextApplying(int index, ServerCallContext context)
    {
        while (index < _entries.Length && _entries[index].Selector is { } selector && !selector(MethodNames.Of(context.Method)))
        {
            index++;
        }

        return index;
    }
}
