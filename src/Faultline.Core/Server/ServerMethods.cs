namespace Faultline;

/// <summary>A unary method of a service instance.</summary>
public delegate Task<TResponse> UnaryServerMethod<in TService, in TRequest, TResponse>(TService service, TRequest request, ServerCallContext context);

/// <summary>A client-streaming method of a service instance.</summary>
public delegate Task<TResponse> ClientStreamingServerMethod<in TService, TRequest, TResponse>(TService service, IAsyncStreamReader<TRequest> requestStream, ServerCallContext context);

/// <summary>A server-streaming method of a service instance.</summary>
public delegate Task ServerStreamingServerMethod<in TService, in TRequest, TResponse>(TService service, TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context);

/// <summary>A duplex-streaming method of a service instance.</summary>
public delegate Task DuplexStreamingServerMethod<in TService, TRequest, TResponse>(TService service, IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context);
