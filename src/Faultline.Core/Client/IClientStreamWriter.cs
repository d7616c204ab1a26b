namespace Faultline;

/// <summary>The client's writer of request messages.</summary>
/// <typeparam name="T">The request type.</typeparam>
public interface IClientStreamWriter<in T> : IAsyncStreamWriter<T>
{
    /// <summary>Ends the request stream (half-close). No writes may follow.</summary>
    Task CompleteAsync();
}
