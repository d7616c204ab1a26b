using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using Faultline.Internal;
using Grpc.Core;

namespace Faultline;

/// <summary>
/// The domain exceptions of one error domain (e.g. <c>users.example.com</c>) and their wire form, an
/// ErrorInfo with a stable reason, the domain and metadata for the exception's fields (AIP-193's
/// shape). Define it once, next to the exceptions, and register it on both sides: the server
/// (<c>FaultlineServerOptions.Exceptions.MapDomainErrors</c>) sends a registered exception as its
/// status; the client (<c>FaultlineClientOptions.DomainErrors</c>) turns such a status back into the
/// .NET exception. Only registered (domain, reason) pairs are ever turned into an exception: a name
/// on the wire never selects a type, and anything unregistered stays the typed
/// <see cref="GrpcException"/> of its code with its details.
/// </summary>
/// <remarks>
/// The status message is the exception's <see cref="Exception.Message"/>: write domain exceptions'
/// messages for the caller. Metadata should hold what a caller may act on, never secrets.
/// </remarks>
public sealed partial class DomainErrorCatalog
{
    private readonly Dictionary<Type, Entry> _byType = [];
    private readonly Dictionary<string, Entry> _byReason = new(StringComparer.Ordinal);

    /// <summary>Creates an empty catalog for <paramref name="domain"/>.</summary>
    /// <param name="domain">The error domain, usually the service's DNS name (<c>users.example.com</c>).</param>
    public DomainErrorCatalog(string domain)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(domain);
        Domain = domain;
    }

    /// <summary>The error domain of every error in the catalog.</summary>
    public string Domain { get; }

    /// <summary>The reasons registered.</summary>
    public IReadOnlyCollection<string> Reasons => _byReason.Keys;

    /// <summary>
    /// Registers <typeparamref name="TException"/> (and its subclasses, unless registered themselves)
    /// as the error <paramref name="reason"/> with status <paramref name="code"/>.
    /// </summary>
    /// <param name="reason">The stable reason, UPPER_SNAKE_CASE, at most 63 characters (AIP-193), e.g. <c>USER_NOT_FOUND</c>.</param>
    /// <param name="code">The status code the error is sent with.</param>
    /// <param name="toMetadata">The exception's fields as ErrorInfo metadata (server side).</param>
    /// <param name="fromError">Rebuilds the exception from a received error (client side); null to leave such statuses as typed GrpcExceptions.</param>
    /// <exception cref="ArgumentException">The reason is malformed or already registered, the type is already registered, or the code is OK.</exception>
    public DomainErrorCatalog Add<TException>(
        string reason,
        StatusCode code,
        Func<TException, IEnumerable<KeyValuePair<string, string>>>? toMetadata = null,
        Func<DomainError, TException>? fromError = null)
        where TException : Exception
    {
        ArgumentNullException.ThrowIfNull(reason);
        if (!ReasonPattern().IsMatch(reason))
        {
            throw new ArgumentException($"'{reason}' is not an error reason: use UPPER_SNAKE_CASE, at most 63 characters, e.g. USER_NOT_FOUND.", nameof(reason));
        }

        if (code == StatusCode.OK || !Enum.IsDefined(code))
        {
            throw new ArgumentException($"A domain error must have a failure status code, not {(int)code} ({code}).", nameof(code));
        }

        if (_byReason.ContainsKey(reason))
        {
            throw new ArgumentException($"{Domain} already has an error {reason}.", nameof(reason));
        }

        if (_byType.ContainsKey(typeof(TException)))
        {
            throw new ArgumentException($"{typeof(TException).Name} is already registered in {Domain}.", nameof(TException));
        }

        var entry = new Entry(
            reason,
            code,
            toMetadata is null ? static _ => [] : exception => toMetadata((TException)exception),
            fromError is null ? null : error => fromError(error));
        _byType.Add(typeof(TException), entry);
        _byReason.Add(reason, entry);
        return this;
    }

    /// <summary>The status that sends <paramref name="exception"/>, when its type (or a base type) is registered.</summary>
    public bool TryDescribe(Exception exception, [NotNullWhen(true)] out RichStatus? status)
    {
        ArgumentNullException.ThrowIfNull(exception);
        for (var type = exception.GetType(); type is not null && type != typeof(object); type = type.BaseType)
        {
            if (_byType.TryGetValue(type, out var entry))
            {
                status = RichStatus.Create(entry.Code, exception.Message)
                    .AddErrorInfo(entry.Reason, Domain, entry.ToMetadata(exception))
                    .Build();
                return true;
            }
        }

        status = null;
        return false;
    }

    /// <summary>
    /// The .NET exception for a received <paramref name="error"/> whose ErrorInfo has this domain and a
    /// registered reason (and the registered code); false for anything else. The exception is linked
    /// to <paramref name="error"/> (<see cref="RemoteErrorExtensions.GetRemoteError"/>).
    /// </summary>
    public bool TryRestore(GrpcException error, [NotNullWhen(true)] out Exception? exception)
    {
        ArgumentNullException.ThrowIfNull(error);
        exception = null;
        if (error.ErrorInfo is not { } info
            || !string.Equals(info.Domain, Domain, StringComparison.Ordinal)
            || !_byReason.TryGetValue(info.Reason, out var entry)
            || entry.FromError is null
            || entry.Code != error.StatusCode)
        {
            return false;
        }

        exception = entry.FromError(new DomainError(Domain, info.Reason, error.StatusCode, error.Status.Detail, error.ErrorMetadata, error));
        RemoteErrors.Link(exception, error);
        return true;
    }

    [GeneratedRegex("^[A-Z][A-Z0-9_]{0,61}[A-Z0-9]$")]
    private static partial Regex ReasonPattern();

    private sealed record Entry(string Reason, StatusCode Code, Func<Exception, IEnumerable<KeyValuePair<string, string>>> ToMetadata, Func<DomainError, Exception>? FromError);
}
