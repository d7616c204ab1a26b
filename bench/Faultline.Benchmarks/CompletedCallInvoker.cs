using Faultline.Bench;
using Grpc.Core;

namespace Faultline.Benchmarks;

/// <summary>
/// A call invoker whose unary calls of <see cref="Payload"/> are finished when they are returned.
/// Every task and delegate of a call is made once, so that a benchmark sees only what the pipeline
/// over it adds (and the <see cref="AsyncUnaryCall{TResponse}"/> itself). Other call kinds are not used.
/// </summary>
internal sealed class CompletedCallInvoker : CallInvoker
{
    private static readonly Task<Metadata> NoHeaders = Task.FromResult(new Metadata());
    private static readonly Action Nothing = () => { };

    private readonly Task<Payload> _response;
    private readonly Func<Status> _status;
    private readonly Func<Metadata> _trailers;

    /// <summary>Every call returns <paramref name="reply"/>, or fails with <paramref name="failure"/> when it is set.</summary>
    public CompletedCallInvoker(Payload reply, RpcException? failure)
    {
        _response = failure is null ? Task.FromResult(reply) : Task.FromException<Payload>(failure);
        var status = failure?.Status ?? Status.DefaultSuccess;
        var trailers = failure?.Trailers ?? new Metadata();
        _status = () => status;
        _trailers = () => trailers;
    }

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        new((Task<TResponse>)(object)_response, NoHeaders, _status, _trailers, Nothing);

    public override TResponse BlockingUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        throw new NotSupportedException();

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        throw new NotSupportedException();

    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) =>
        throw new NotSupportedException();

    public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) =>
        throw new NotSupportedException();
}
