using Grpc.Core;

namespace Faultline.AspNetCore;

/// <summary>
/// One call as a <see cref="ServerInterceptor"/> sees it, whatever its kind: the kind, the parsed
/// method name, grpc-dotnet's <see cref="ServerCallContext"/>, and the request (or request stream).
/// </summary>
public abstract class ServerCall
{
    private protected ServerCall(MethodType kind, GrpcMethodName method, ServerCallContext context)
    {
        Kind = kind;
        Method = method;
        Context = context;
    }

    /// <summary>Unary, client streaming, server streaming or duplex streaming.</summary>
    public MethodType Kind { get; }

    /// <summary>The method called, parsed from the call's path.</summary>
    public GrpcMethodName Method { get; }

    /// <summary>The call's context: headers, deadline, cancellation, status, trailers.</summary>
    public ServerCallContext Context { get; }

    /// <summary>
    /// The request of a unary or server-streaming call; null for the kinds with a request stream.
    /// Set it before calling the next step to replace it (with a message of the method's request type).
    /// </summary>
    /// <exception cref="InvalidOperationException">Set on a call with a request stream, or to a message of another type.</exception>
    public abstract object? Request { get; set; }

    /// <summary>The request stream (an <c>IAsyncStreamReader&lt;TRequest&gt;</c>) of a client-streaming or duplex call; null otherwise.</summary>
    public abstract object? RequestStream { get; }

    /// <summary>The response stream (an <c>IServerStreamWriter&lt;TResponse&gt;</c>) of a server-streaming or duplex call; null otherwise.</summary>
    public abstract object? ResponseStream { get; }

    /// <summary>Runs the rest of the call: the next interceptor or the method.</summary>
    internal abstract ValueTask<object?> ProceedAsync();
}
