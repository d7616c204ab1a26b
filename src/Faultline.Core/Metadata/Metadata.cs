using System.Collections;
using System.Text;

namespace Faultline;

/// <summary>
/// Custom metadata: an ordered list of key/value entries sent as HTTP/2 headers or trailers.
/// Keys are lower-case ASCII; keys ending in <c>-bin</c> carry binary values (base64 on the wire),
/// all others printable ASCII strings. A key may appear more than once.
/// </summary>
public sealed class Metadata : IList<Metadata.Entry>
{
    /// <summary>The suffix that marks a binary entry.</summary>
    public const string BinarySuffix = "-bin";

    private readonly List<Entry> _entries = new();

    /// <summary>A new, empty instance.</summary>
    public static Metadata Empty => new();

    /// <inheritdoc />
    public int Count => _entries.Count;

    /// <inheritdoc />
    public bool IsReadOnly => false;

    /// <inheritdoc />
    public Entry this[int index]
    {
        get => _entries[index];
        set => _entries[index] = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>Adds an ASCII entry.</summary>
    public void Add(string key, string value) => _entries.Add(new Entry(key, value));

    /// <summary>Adds a binary entry; <paramref name="key"/> must end in <c>-bin</c>.</summary>
    public void Add(string key, byte[] value) => _entries.Add(new Entry(key, value));

    /// <inheritdoc />
    public void Add(Entry item) => _entries.Add(item ?? throw new ArgumentNullException(nameof(item)));

    /// <summary>Returns the last entry with <paramref name="key"/> (case-insensitive), or null.</summary>
    public Entry? Get(string key)
    {
        for (var i = _entries.Count - 1; i >= 0; i--)
        {
            if (string.Equals(_entries[i].Key, key, StringComparison.OrdinalIgnoreCase))
            {
                return _entries[i];
            }
        }

        return null;
    }

    /// <summary>Returns the string value of the last entry with <paramref name="key"/>, or null.</summary>
    public string? GetValue(string key) => Get(key)?.Value;

    /// <summary>Returns the bytes of the last binary entry with <paramref name="key"/>, or null.</summary>
    public byte[]? GetValueBytes(string key) => Get(key)?.ValueBytes;

    /// <summary>Returns every entry with <paramref name="key"/>, in order.</summary>
    public IEnumerable<Entry> GetAll(string key)
    {
        foreach (var entry in _entries)
        {
            if (string.Equals(entry.Key, key, StringComparison.OrdinalIgnoreCase))
            {
                yield return entry;
            }
        }
    }

    /// <inheritdoc />
    public void Clear() => _entries.Clear();

    /// <inheritdoc />
    public bool Contains(Entry item) => _entries.Contains(item);

    /// <inheritdoc />
    public void CopyTo(Entry[] array, int arrayIndex) => _entries.CopyTo(array, arrayIndex);

    /// <inheritdoc />
    public IEnumerator<Entry> GetEnumerator() => _entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc />
    public int IndexOf(Entry item) => _entries.IndexOf(item);

    /// <inheritdoc />
    public void Insert(int index, Entry item) => _entries.Insert(index, item ?? throw new ArgumentNullException(nameof(item)));

    /// <inheritdoc />
    public bool Remove(Entry item) => _entries.Remove(item);

    /// <summary>Removes every entry with <paramref name="key"/>; returns how many were removed.</summary>
    public int RemoveAll(string key) => _entries.RemoveAll(e => string.Equals(e.Key, key, StringComparison.OrdinalIgnoreCase));

    /// <inheritdoc />
    public void RemoveAt(int index) => _entries.RemoveAt(index);

    /// <summary>Whether <paramref name="key"/> names a binary entry.</summary>
    public static bool IsBinaryKey(string key) => key.EndsWith(BinarySuffix, StringComparison.OrdinalIgnoreCase);

    /// <summary>One metadata entry.</summary>
    public sealed class Entry
    {
        private readonly string? _value;
        private readonly byte[]? _valueBytes;

        /// <summary>Creates an ASCII entry.</summary>
        /// <exception cref="ArgumentException">The key is invalid, ends in <c>-bin</c>, or the value is not printable ASCII.</exception>
        public Entry(string key, string value)
        {
            Key = NormalizeKey(key);
            ArgumentNullException.ThrowIfNull(value);
            if (IsBinaryKey(Key))
            {
                throw new ArgumentException($"Metadata key '{Key}' ends in '-bin' and needs a byte[] value.", nameof(key));
            }

            foreach (var c in value)
            {
                if (c < 0x20 || c > 0x7E)
                {
                    throw new ArgumentException($"Metadata value for '{Key}' must be printable ASCII (0x20-0x7E); found 0x{(int)c:X2}. Use a '-bin' key for other data.", nameof(value));
                }
            }

            _value = value;
        }

        /// <summary>Creates a binary entry; the key must end in <c>-bin</c>.</summary>
        public Entry(string key, byte[] value)
        {
            Key = NormalizeKey(key);
            ArgumentNullException.ThrowIfNull(value);
            if (!IsBinaryKey(Key))
            {
                throw new ArgumentException($"Metadata key '{Key}' carries a byte[] value and must end in '-bin'.", nameof(key));
            }

            _valueBytes = value;
        }

        /// <summary>The lower-case key.</summary>
        public string Key { get; }

        /// <summary>Whether this is a binary (<c>-bin</c>) entry.</summary>
        public bool IsBinary => _valueBytes is not null;

        /// <summary>The string value. For a binary entry this throws.</summary>
        public string Value => _value ?? throw new InvalidOperationException($"Metadata entry '{Key}' is binary; read ValueBytes.");

        /// <summary>The bytes: the binary value, or the ASCII bytes of a string value.</summary>
        public byte[] ValueBytes => _valueBytes ?? Encoding.ASCII.GetBytes(_value!);

        /// <inheritdoc />
        public override string ToString() => IsBinary
            ? $"[Entry: key={Key}, valueBytes={Convert.ToBase64String(_valueBytes!)}]"
            : $"[Entry: key={Key}, value={_value}]";

        private static string NormalizeKey(string key)
        {
            ArgumentException.ThrowIfNullOrEmpty(key);

            // Validate before lower-casing: culture-free lower-casing maps some non-ASCII letters
            // (e.g. the Kelvin sign) to ASCII ones, which must not sneak through.
            foreach (var c in key)
            {
                var valid = c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '-' or '_' or '.';
                if (!valid)
                {
                    throw new ArgumentException($"Metadata key '{key}' has an invalid character '{c}': keys allow only a-z, 0-9, '-', '_' and '.'.", nameof(key));
                }
            }

            return key.ToLowerInvariant();
        }
    }
}
