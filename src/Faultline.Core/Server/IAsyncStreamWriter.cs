namespace Faultline;

/// <summary>A stream of messages written one at a time. Only one write may be pending at once.</summary>
/// <typeparam name="T">The message type.</typeparam>
public interface IAsyncStreamWriter<in T>
{
    /// <summary>Options for subsequent writes.</summary>
    WriteOptions? WriteOptions { get; set; }

    /// <summary>Writes one message.</summary>
    Task WriteAsync(T message, CancellationToken cancellationToken = default);
}

/// <summary>The server's writer of response messages.</summary>
/// <typeparam name="T">The response type.</typeparam>
public interface IServerStreamWriter<in T> : IAsyncStreamWriter<T>
{
}
