namespace Faultline;

/// <summary>
/// What every client call object exposes besides its messages. Implemented by the transport and
/// wrapped by interceptors; kept as one object so call types stay small.
/// </summary>
public interface ICallState : IDisposable
{
    /// <summary>Completes with the response headers once they arrive.</summary>
    Task<Metadata> ResponseHeadersAsync { get; }

    /// <summary>The call's status. Throws <see cref="InvalidOperationException"/> before the call has ended.</summary>
    Status GetStatus();

    /// <summary>The call's trailers. Throws <see cref="InvalidOperationException"/> before the call has ended.</summary>
    Metadata GetTrailers();
}
