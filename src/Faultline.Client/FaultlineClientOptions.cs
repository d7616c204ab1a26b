using Grpc.Core.Interceptors;

namespace Faultline.Client;

/// <summary>Options of the Faultline client pipeline.</summary>
public sealed class FaultlineClientOptions
{
    /// <summary>
    /// How the <c>grpc-status-details-bin</c> trailer of a failed call is read. False (the default):
    /// leniently, so a malformed or inconsistent trailer never hides the call's code and message (the
    /// typed exception then has no details). True: strictly, like grpcio-status's <c>from_call</c>; such
    /// a trailer makes the call throw <see cref="MalformedStatusDetailsException"/> or
    /// <see cref="RichStatusMismatchException"/> instead (both are still <c>RpcException</c>s with the call's status).
    /// </summary>
    public bool StrictStatusDetails { get; set; }

    /// <summary>
    /// The domain exceptions to rebuild from failed calls: a failure whose ErrorInfo names a
    /// (domain, reason) registered in one of these catalogs (with its code) throws that .NET exception,
    /// linked to the call's <see cref="GrpcException"/> (<c>exception.GetRemoteError()</c>). Any other
    /// failure throws the typed GrpcException of its code, details intact.
    /// </summary>
    public IList<DomainErrorCatalog> DomainErrors { get; } = [];

    /// <summary>
    /// Interceptors that run inside the pipeline, in order (the first is outermost), above its
    /// translation: what they see thrown by the calls they make (a <see cref="ClientInterceptor"/>'s
    /// next step) is already the typed exception. Any grpc-dotnet <see cref="Interceptor"/> can go
    /// here; each instance serves every call of the channel or client.
    /// </summary>
    public IList<Interceptor> Interceptors { get; } = new List<Interceptor>();
}
