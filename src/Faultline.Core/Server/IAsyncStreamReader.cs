namespace Faultline;

/// <summary>A stream of messages read one at a time: call <see cref="MoveNext"/>, then read <see cref="Current"/>.</summary>
/// <typeparam name="T">The message type.</typeparam>
public interface IAsyncStreamReader<out T>
{
    /// <summary>The message read by the last successful <see cref="MoveNext"/>.</summary>
    T Current { get; }

    /// <summary>Reads the next message; returns false at the end of the stream.</summary>
    /// <exception cref="GrpcException">The stream ended with an error status or a message was malformed.</exception>
    Task<bool> MoveNext(CancellationToken cancellationToken);
}
