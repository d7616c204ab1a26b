namespace Faultline.Client.Internal;

/// <summary>The response stream of a server-streaming or duplex call.</summary>
/// <typeparam name="TRequest">The request type.</typeparam>
/// <typeparam name="TResponse">The response type.</typeparam>
internal sealed class ResponseStreamReader<TRequest, TResponse> : IAsyncStreamReader<TResponse>
    where TRequest : class
    where TResponse : class
{
    private readonly GrpcCall<TRequest, TResponse> _call;

    public ResponseStreamReader(GrpcCall<TRequest, TResponse> call) => _call = call;

    /// <inheritdoc />
    public TResponse Current => _call.Current;

    /// <inheritdoc />
    /// <remarks>Cancelling <paramref name="cancellationToken"/> cancels the whole call.</remarks>
    public Task<bool> MoveNext(CancellationToken cancellationToken) => _call.MoveNextAsync(cancellationToken);
}
