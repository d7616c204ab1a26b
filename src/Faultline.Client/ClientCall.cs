using Faultline.Client.Internal.Interception;
using Grpc.Core;

namespace Faultline.Client;

/// <summary>
/// One call as a <see cref="ClientInterceptor"/> sees it, whatever its kind: the kind, the parsed method
/// name, the options and headers the next attempt starts with, the request of a unary or
/// server-streaming call, and how many attempts there have been.
/// </summary>
/// <remarks>
/// Changes made before calling the next step apply to that attempt and every later one: the same
/// <see cref="Headers"/> object goes with each, so an interceptor that sets a header per attempt
/// removes the previous value first (<c>Metadata.Remove</c>) rather than adding a second one.
/// </remarks>
public abstract class ClientCall
{
    private object? _lastStatus;
    private int _attempt;
    private CallOptions _options;

    private protected ClientCall(ClientInterceptor interceptor, MethodType kind, GrpcMethodName method, string? host, CallOptions options)
    {
        Interceptor = interceptor;
        Kind = kind;
        Method = method;
        Host = host;
        _options = options;
    }

    /// <summary>Unary, client streaming, server streaming or duplex streaming.</summary>
    public MethodType Kind { get; }

    /// <summary>The method called, parsed from its full name (<c>/package.Service/Method</c>).</summary>
    public GrpcMethodName Method { get; }

    /// <summary>The host the call was made with; usually null (the channel's).</summary>
    public string? Host { get; }

    /// <summary>
    /// The options the next attempt starts with: deadline, cancellation token, headers, write options,
    /// credentials. Replace them (they are a struct: <c>call.Options = call.Options.WithDeadline(...)</c>)
    /// before calling the next step. A deadline is a point in time, so it bounds all attempts together.
    /// </summary>
    public CallOptions Options
    {
        get => _options;
        set => _options = value;
    }

    /// <summary>
    /// The request headers the next attempt sends. Never null: when the options had none, an empty
    /// <see cref="Metadata"/> is created and put into <see cref="Options"/>.
    /// </summary>
    public Metadata Headers
    {
        get
        {
            if (_options.Headers is { } headers)
            {
                return headers;
            }

            headers = new Metadata();
            _options = _options.WithHeaders(headers);
            return headers;
        }
    }

    /// <summary>
    /// The request of a unary or server-streaming call; null for the kinds with a request stream.
    /// Set it before calling the next step to replace it (with a message of the method's request type).
    /// </summary>
    /// <exception cref="InvalidOperationException">Set on a call with a request stream, or to a message of another type.</exception>
    public abstract object? Request { get; set; }

    /// <summary>How many attempts the next step has started so far: 0 before the first, 1 during and after it.</summary>
    public int Attempt => Volatile.Read(ref _attempt);

    /// <summary>
    /// The status of the last attempt that ended, or null while none has: OK for a response or a
    /// response stream read to its end, the failure's status otherwise, CANCELLED for an attempt that
    /// was disposed (by the caller, or by a later attempt) before it ended. A streaming attempt ends
    /// after the interceptor has returned, while the caller reads; see
    /// <see cref="ClientInterceptor.OnAttemptEnded"/> to be told each status when it is known.
    /// </summary>
    public Status? LastStatus => _lastStatus is Status status ? status : null;

    /// <summary>
    /// Cancelled when the caller cancels the call (the token it gave) or disposes it: pass it to the
    /// work the interceptor awaits (e.g. fetching a token before the first attempt). Blocking calls
    /// cannot be disposed, so theirs is the caller's token.
    /// </summary>
    public abstract CancellationToken CancellationToken { get; }

    internal ClientInterceptor Interceptor { get; }

    /// <summary>Starts one attempt: the body of the next step.</summary>
    internal abstract ValueTask<object?> ProceedAsync();

    private protected int BeginAttempt() => Interlocked.Increment(ref _attempt);

    /// <summary>Records how an attempt ended and tells the interceptor; called once per attempt.</summary>
    internal void ReportAttemptEnded(Status status)
    {
        Volatile.Write(ref _lastStatus, status);
        Interceptor.AttemptEnded(this, status);
    }

    private protected InvalidOperationException NoResponse(Type responseType, object? result) => new(result is null
        ? $"{Interceptor.GetType().Name} returned no response for {Method}; return what the next step returned, or a {responseType.Name}."
        : $"{Interceptor.GetType().Name} returned a {result.GetType().Name} for {Method}, which responds with {responseType.Name}.");

    private protected InvalidOperationException NoRequest() =>
        new($"{Method} is a {CallKindNames.Of(Kind)} call: it has a request stream, not a request.");
}
