namespace Faultline.Compression;

/// <summary>The set of message encodings an endpoint supports, looked up by name.</summary>
public sealed class CompressionProviders
{
    private readonly Dictionary<string, ICompressionProvider> _byName;

    /// <summary>Creates the set; later providers replace earlier ones of the same name.</summary>
    public CompressionProviders(IEnumerable<ICompressionProvider> providers)
    {
        _byName = new Dictionary<string, ICompressionProvider>(StringComparer.OrdinalIgnoreCase);
        foreach (var provider in providers)
        {
            _byName[provider.EncodingName] = provider;
        }

        AcceptEncodingHeaderValue = string.Join(",", new[] { Protocol.GrpcProtocolConstants.IdentityEncoding }.Concat(_byName.Keys));
    }

    /// <summary>gzip and deflate.</summary>
    public static CompressionProviders Default { get; } = new([new GzipCompressionProvider(), new DeflateCompressionProvider()]);

    /// <summary>The value for <c>grpc-accept-encoding</c>: <c>identity</c> and every provider's name.</summary>
    public string AcceptEncodingHeaderValue { get; }

    /// <summary>Finds a provider by encoding name.</summary>
    public bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ICompressionProvider? provider) => _byName.TryGetValue(name, out provider);
}
