namespace Faultline;

/// <summary>
/// Everything a service method can see and set about the call it is handling.
/// </summary>
public abstract class ServerCallContext
{
    /// <summary>The full method path, e.g. <c>/helloworld.Greeter/SayHello</c>.</summary>
    public abstract string Method { get; }

    /// <summary>The <c>:authority</c> the client called.</summary>
    public abstract string Host { get; }

    /// <summary>The peer address, e.g. <c>ipv4:127.0.0.1:53412</c>.</summary>
    public abstract string Peer { get; }

    /// <summary>The call's deadline in UTC; <see cref="DateTime.MaxValue"/> when the client set none.</summary>
    public abstract DateTime Deadline { get; }

    /// <summary>The custom metadata the client sent (reserved and transport headers removed).</summary>
    public abstract Metadata RequestHeaders { get; }

    /// <summary>Cancelled when the client cancels or resets the call, or the deadline expires.</summary>
    public abstract CancellationToken CancellationToken { get; }

    /// <summary>Trailers to send with the status when the call ends.</summary>
    public abstract Metadata ResponseTrailers { get; }

    /// <summary>
    /// The status the call will end with when the method returns normally. Throwing a
    /// <see cref="GrpcException"/> overrides it.
    /// </summary>
    public abstract Status Status { get; set; }

    /// <summary>
    /// The status with rich details the call will end with when the method returns normally.
    /// Setting <see cref="Status"/> replaces it with a status without details.
    /// </summary>
    public virtual RichStatus RichStatus
    {
        get => new(Status.Code, Status.Message);
        set => Status = (value ?? throw new ArgumentNullException(nameof(value))).Status;
    }

    /// <summary>
    /// Ends the call now with <paramref name="status"/> (code, message and details), like Python's
    /// <c>abort_with_status</c>: throws the matching <see cref="GrpcException"/>, which the server turns
    /// into <c>grpc-status</c>, <c>grpc-message</c> and <c>grpc-status-details-bin</c> from this one status.
    /// </summary>
    /// <exception cref="ArgumentException">The status is OK.</exception>
    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    public void AbortWithStatus(RichStatus status) => throw GrpcException.Create(status);

    /// <summary>Options for the messages the method writes (buffering, compression).</summary>
    public abstract WriteOptions? WriteOptions { get; set; }

    /// <summary>State that interceptors and the method can share for the lifetime of the call.</summary>
    public abstract IDictionary<object, object?> UserState { get; }

    /// <summary>
    /// Sends the response headers now. Can be called at most once, before the first message is
    /// written; otherwise headers are sent with the first message or the status.
    /// </summary>
    public abstract Task WriteResponseHeadersAsync(Metadata responseHeaders);
}
