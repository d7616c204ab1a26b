using Faultline.AspNetCore.Internal.Mapping;
using Grpc.Core;

namespace Faultline.AspNetCore;

/// <summary>
/// How exceptions that are not <see cref="RpcException"/>s become statuses
/// (<see cref="FaultlineServerOptions.Exceptions"/>). For a thrown exception the pipeline takes, in
/// order: a thrown <see cref="RpcException"/>'s own status; CANCELLED when the call was cancelled;
/// the status of the downstream call an exception was restored from (relayed); a failure status the
/// handler had already set on its context (it wins); the first <see cref="Handle"/> delegate that
/// returns a status; the domain catalogs (<see cref="MapDomainErrors"/>); the mapping of the
/// exception's most derived registered type; otherwise the unexpected-exception status. A mapped exception is expected: it is
/// logged at Debug, and its message and DebugInfo reach the client only with detailed errors on.
/// </summary>
/// <remarks>
/// The defaults: <see cref="ArgumentException"/> → INVALID_ARGUMENT, <see cref="KeyNotFoundException"/>
/// → NOT_FOUND, <see cref="NotImplementedException"/> and <see cref="NotSupportedException"/> →
/// UNIMPLEMENTED, <see cref="UnauthorizedAccessException"/> → PERMISSION_DENIED,
/// <see cref="TimeoutException"/> → DEADLINE_EXCEEDED, a DataAnnotations <c>ValidationException</c> →
/// INVALID_ARGUMENT with a BadRequest naming its fields, and a request that could not be
/// deserialized (<see cref="RequestDeserializationException"/>) → INTERNAL.
/// </remarks>
public sealed class ExceptionMappings
{
    private readonly Dictionary<Type, ExceptionMapping> _byType = [];
    private readonly List<Func<Exception, ServerCallContext, RichStatus?>> _handlers = [];
    private readonly List<DomainErrorCatalog> _domainErrors = [];

    internal ExceptionMappings()
    {
        DefaultExceptionMappings.AddTo(this);
    }

    /// <summary>The exception types mapped, most recently registered last.</summary>
    public IReadOnlyCollection<Type> MappedTypes => _byType.Keys;

    /// <summary>
    /// Maps <typeparamref name="TException"/> and its subclasses (unless mapped themselves) to
    /// <paramref name="code"/>, with the code's default message.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="code"/> is OK, or not a gRPC status code.</exception>
    public ExceptionMappings Map<TException>(StatusCode code)
        where TException : Exception
    {
        RequireFailureCode(code);
        _byType[typeof(TException)] = new ExceptionMapping(code, static (_, _) => null);
        return this;
    }

    /// <summary>
    /// Maps <typeparamref name="TException"/> and its subclasses (unless mapped themselves) to the
    /// status <paramref name="toStatus"/> builds, e.g. with details drawn from the exception. Its
    /// message is sent as given, so build it from what the client may see.
    /// </summary>
    public ExceptionMappings Map<TException>(Func<TException, ServerCallContext, RichStatus> toStatus)
        where TException : Exception
    {
        ArgumentNullException.ThrowIfNull(toStatus);
        _byType[typeof(TException)] = new ExceptionMapping(null, (exception, context) => toStatus((TException)exception, context));
        return this;
    }

    /// <summary>
    /// Adds a handler that sees every exception before the type mappings (the seeds'
    /// <c>handle_exception</c>): it returns the status to end the call with, or null to leave the
    /// exception to the next handler and the mappings. Handlers run in the order added.
    /// </summary>
    public ExceptionMappings Handle(Func<Exception, ServerCallContext, RichStatus?> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _handlers.Add(handler);
        return this;
    }

    /// <summary>
    /// Sends the domain exceptions of <paramref name="catalog"/> as their statuses (the exception's
    /// message, an ErrorInfo with its reason, domain and metadata). Catalogs are consulted after the
    /// <see cref="Handle"/> delegates and before the type mappings, in the order added.
    /// </summary>
    public ExceptionMappings MapDomainErrors(DomainErrorCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        _domainErrors.Add(catalog);
        return this;
    }

    /// <summary>Removes the mapping of exactly <typeparamref name="TException"/> (a default one too); false when there was none.</summary>
    public bool Remove<TException>()
        where TException : Exception => _byType.Remove(typeof(TException));

    /// <summary>Removes every mapping, handler and domain catalog, the defaults included: only RpcExceptions then keep their status.</summary>
    public void Clear()
    {
        _byType.Clear();
        _handlers.Clear();
        _domainErrors.Clear();
    }

    internal IReadOnlyList<Func<Exception, ServerCallContext, RichStatus?>> Handlers => _handlers;

    internal IReadOnlyList<DomainErrorCatalog> DomainErrors => _domainErrors;

    /// <summary>The mapping of <paramref name="type"/>'s nearest mapped ancestor (itself included).</summary>
    internal ExceptionMapping? Find(Type type)
    {
        for (var current = type; current is not null && current != typeof(object); current = current.BaseType)
        {
            if (_byType.TryGetValue(current, out var mapping))
            {
                return mapping;
            }
        }

        return null;
    }

    internal void MapDefault(Type type, StatusCode code, Func<Exception, ServerCallContext, RichStatus?> details) =>
        _byType[type] = new ExceptionMapping(code, details);

    private static void RequireFailureCode(StatusCode code)
    {
        if (code == StatusCode.OK || !Enum.IsDefined(code))
        {
            throw new ArgumentException($"An exception must map to a failure status code, not {(int)code} ({code}).", nameof(code));
        }
    }
}
