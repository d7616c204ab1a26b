using System.Runtime.CompilerServices;

namespace Faultline;

/// <summary>A unary call in progress. Await it (or <see cref="ResponseAsync"/>) for the response.</summary>
/// <typeparam name="TResponse">The response type.</typeparam>
public sealed class AsyncUnaryCall<TResponse> : IDisposable
{
    private readonly ICallState _state;

    /// <summary>Creates the call object.</summary>
    public AsyncUnaryCall(Task<TResponse> responseAsync, ICallState state)
    {
        ResponseAsync = responseAsync ?? throw new ArgumentNullException(nameof(responseAsync));
        _state = state ?? throw new ArgumentNullException(nameof(state));
    }

    /// <summary>Completes with the response, or faults with a <see cref="GrpcException"/>.</summary>
    public Task<TResponse> ResponseAsync { get; }

    /// <summary>Completes with the response headers.</summary>
    public Task<Metadata> ResponseHeadersAsync => _state.ResponseHeadersAsync;

    /// <summary>Lets the call be awaited directly.</summary>
    public TaskAwaiter<TResponse> GetAwaiter() => ResponseAsync.GetAwaiter();

    /// <summary>The status; available once the call has ended.</summary>
    public Status GetStatus() => _state.GetStatus();

    /// <summary>The trailers; available once the call has ended.</summary>
    public Metadata GetTrailers() => _state.GetTrailers();

    /// <summary>Cancels the call if it is still running and frees its resources.</summary>
    public void Dispose() => _state.Dispose();
}
