namespace Faultline.Client.Internal;

/// <summary>The request stream of a client-streaming or duplex call.</summary>
/// <typeparam name="TRequest">The request type.</typeparam>
/// <typeparam name="TResponse">The response type.</typeparam>
internal sealed class RequestStreamWriter<TRequest, TResponse> : IClientStreamWriter<TRequest>
    where TRequest : class
    where TResponse : class
{
    private readonly GrpcCall<TRequest, TResponse> _call;

    public RequestStreamWriter(GrpcCall<TRequest, TResponse> call, WriteOptions? writeOptions)
    {
        _call = call;
        WriteOptions = writeOptions;
    }

    /// <inheritdoc />
    public WriteOptions? WriteOptions { get; set; }

    /// <inheritdoc />
    /// <remarks>Cancelling <paramref name="cancellationToken"/> cancels the whole call.</remarks>
    public Task WriteAsync(TRequest message, CancellationToken cancellationToken = default) => _call.WriteAsync(message, WriteOptions, cancellationToken);

    /// <inheritdoc />
    public Task CompleteAsync() => _call.CompleteRequestAsync();
}
