namespace Faultline;

/// <summary>A server-streaming call in progress.</summary>
/// <typeparam name="TResponse">The response type.</typeparam>
public sealed class AsyncServerStreamingCall<TResponse> : IDisposable
{
    private readonly ICallState _state;

    /// <summary>Creates the call object.</summary>
    public AsyncServerStreamingCall(IAsyncStreamReader<TResponse> responseStream, ICallState state)
    {
        ResponseStream = responseStream ?? throw new ArgumentNullException(nameof(responseStream));
        _state = state ?? throw new ArgumentNullException(nameof(state));
    }

    /// <summary>The responses. Reading past the last one throws a <see cref="GrpcException"/> if the call failed.</summary>
    public IAsyncStreamReader<TResponse> ResponseStream { get; }

    /// <summary>Completes with the response headers.</summary>
    public Task<Metadata> ResponseHeadersAsync => _state.ResponseHeadersAsync;

    /// <summary>The status; available once the response stream has been read to its end.</summary>
    public Status GetStatus() => _state.GetStatus();

    /// <summary>The trailers; available once the response stream has been read to its end.</summary>
    public Metadata GetTrailers() => _state.GetTrailers();

    /// <summary>Cancels the call if it is still running and frees its resources.</summary>
    public void Dispose() => _state.Dispose();
}
