using Grpc.Core;

namespace Faultline.AspNetCore.Internal.Deserialization;

/// <summary>
/// Hands each method of a generated <c>BindService</c> to grpc-dotnet's own binder with its request
/// deserializer guarded (<see cref="MalformedRequests"/>); everything else about the method is unchanged.
/// </summary>
internal sealed class GuardingServiceBinder(ServiceBinderBase inner) : ServiceBinderBase
{
    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler) =>
        inner.AddMethod(WithRequestMarshaller(method, MalformedRequests.GuardSingle(method.RequestMarshaller, method.FullName)), handler);

    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse>? handler) =>
        inner.AddMethod(WithRequestMarshaller(method, MalformedRequests.GuardSingle(method.RequestMarshaller, method.FullName)), handler);

    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse>? handler) =>
        inner.AddMethod(WithRequestMarshaller(method, MalformedRequests.GuardStream(method.RequestMarshaller, method.FullName)), handler);

    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse>? handler) =>
        inner.AddMethod(WithRequestMarshaller(method, MalformedRequests.GuardStream(method.RequestMarshaller, method.FullName)), handler);

    private static Method<TRequest, TResponse> WithRequestMarshaller<TRequest, TResponse>(Method<TRequest, TResponse> method, Marshaller<TRequest> requestMarshaller) =>
        new(method.Type, method.ServiceName, method.Name, requestMarshaller, method.ResponseMarshaller);
}
