using System.Collections;
using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Grpc.Core;

namespace Faultline.Testing;

/// <summary>
/// The special cases of a <see cref="DummyServiceImplementation"/>, keyed by input (grpc_interceptor's
/// <c>special_cases</c> dictionary): <c>new SpecialCases { { "error", SpecialCases.Raises(new NotFoundException()) } }</c>.
/// Cases may be added while the service runs (a host shared by several tests), each under an input of its own.
/// </summary>
public sealed class SpecialCases : IReadOnlyDictionary<string, SpecialCase>
{
    private readonly ConcurrentDictionary<string, SpecialCase> _cases = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public int Count => _cases.Count;

    /// <inheritdoc />
    public IEnumerable<string> Keys => _cases.Keys;

    /// <inheritdoc />
    public IEnumerable<SpecialCase> Values => _cases.Values;

    /// <inheritdoc />
    public SpecialCase this[string key] => _cases[key];

    /// <summary>
    /// A special case that throws <paramref name="exception"/> (grpc_interceptor's <c>raises</c>). The same
    /// instance is thrown by every call; use <see cref="Raises(Func{Exception})"/> for one per call.
    /// </summary>
    public static SpecialCase Raises(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return (_, _) => throw exception;
    }

    /// <summary>A special case that throws a new exception from <paramref name="create"/> on each call.</summary>
    public static SpecialCase Raises(Func<Exception> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        return (_, _) => throw create();
    }

    /// <summary>Adds a special case, synchronous or asynchronous (<c>async (input, context) =&gt; ...</c>).</summary>
    /// <exception cref="ArgumentException">There is already a special case for <paramref name="input"/>.</exception>
    public void Add(string input, SpecialCase respond)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(respond);
        if (!_cases.TryAdd(input, respond))
        {
            throw new ArgumentException($"There is already a special case for the input '{input}'.", nameof(input));
        }
    }

    /// <summary>
    /// Adds a synchronous special case: <c>(input, context) =&gt; input.ToUpperInvariant()</c>. A lambda
    /// that never returns (it always throws) fits both overloads: use <see cref="Raises(Exception)"/>,
    /// or give it its return type, <c>string (input, context) =&gt; { context.SetRichStatus(...); throw ...; }</c>.
    /// </summary>
    /// <exception cref="ArgumentException">There is already a special case for <paramref name="input"/>.</exception>
    public void Add(string input, Func<string, ServerCallContext, string> respond)
    {
        ArgumentNullException.ThrowIfNull(respond);
        Add(input, (value, context) => new ValueTask<string>(respond(value, context)));
    }

    /// <inheritdoc />
    public bool ContainsKey(string key) => _cases.ContainsKey(key);

    /// <inheritdoc />
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out SpecialCase value) => _cases.TryGetValue(key, out value);

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, SpecialCase>> GetEnumerator() => _cases.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
