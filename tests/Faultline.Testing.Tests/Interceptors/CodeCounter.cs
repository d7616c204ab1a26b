using System.Collections.Concurrent;
using Grpc.Core.Interceptors;

namespace Faultline.Testing.Tests.Interceptors;

/// <summary>
/// A plain grpc-dotnet client interceptor counting how unary and client-streaming calls end, by status
/// code, and keeping the exceptions it saw (above the Faultline client pipeline: typed ones).
/// </summary>
public sealed class CodeCounter : Interceptor
{
    private readonly ConcurrentDictionary<StatusCode, int> _codes = new();
    private readonly ConcurrentQueue<Exception> _exceptions = new();

    public IReadOnlyDictionary<StatusCode, int> Codes => _codes;

    public IReadOnlyCollection<Exception> Exceptions => _exceptions;

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        var call = continuation(request, context);
        return new AsyncUnaryCall<TResponse>(Observe(call.ResponseAsync), call.ResponseHeadersAsync, call.GetStatus, call.GetTrailers, call.Dispose);
    }

    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(ClientInterceptorContext<TRequest, TResponse> context, AsyncClientStreamingCallContinuation<TRequest, TResponse> continuation)
    {
        var call = continuation(context);
        return new AsyncClientStreamingCall<TRequest, TResponse>(call.RequestStream, Observe(call.ResponseAsync), call.ResponseHeadersAsync, call.GetStatus, call.GetTrailers, call.Dispose);
    }

    private async Task<TResponse> Observe<TResponse>(Task<TResponse> response)
    {
        try
        {
            var result = await response;
            _codes.AddOrUpdate(StatusCode.OK, 1, (_, n) => n + 1);
            return result;
        }
        catch (RpcException ex)
        {
            _codes.AddOrUpdate(ex.StatusCode, 1, (_, n) => n + 1);
            _exceptions.Enqueue(ex);
            throw;
        }
    }
}
