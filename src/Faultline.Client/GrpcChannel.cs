using System.Collections.Concurrent;
using Faultline.Client.Internal;
using Faultline.Compression;
using Faultline.Protocol;

namespace Faultline.Client;

/// <summary>
/// A channel to one gRPC server over HTTP/2: <c>http://</c> addresses use HTTP/2 without TLS
/// (prior knowledge, "h2c"), <c>https://</c> addresses use TLS with ALPN. Create one per server and
/// share it: calls are multiplexed over its connections. Thread-safe.
/// </summary>
public sealed class GrpcChannel : ChannelBase, IDisposable
{
    private readonly bool _disposeInvoker;
    private readonly string _uriPrefix;
    private readonly ConcurrentDictionary<string, Uri> _methodUris = new(StringComparer.Ordinal);
    private readonly HttpCallInvoker _callInvoker;
    private volatile bool _disposed;

    private GrpcChannel(Uri address, GrpcChannelOptions options)
        : base(address.AbsoluteUri)
    {
        Address = address;
        _uriPrefix = address.GetLeftPart(UriPartial.Authority) + address.AbsolutePath.TrimEnd('/');

        if (options.MaxReceiveMessageSize is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxReceiveMessageSize, "GrpcChannelOptions.MaxReceiveMessageSize must be null (no limit) or at least 0.");
        }

        if (options.MaxSendMessageSize is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxSendMessageSize, "GrpcChannelOptions.MaxSendMessageSize must be null (no limit) or at least 0.");
        }

        CompressionProviders = options.CompressionProviders is { } list ? new CompressionProviders(list) : Compression.CompressionProviders.Default;
        DefaultCompression = ResolveDefaultCompression(options.DefaultCompression, CompressionProviders);
        MaxReceiveMessageSize = options.MaxReceiveMessageSize;
        MaxSendMessageSize = options.MaxSendMessageSize;
        ThrowOperationCanceledOnCancellation = options.ThrowOperationCanceledOnCancellation;
        IdentityReaderOptions = new MessageReaderOptions(MaxReceiveMessageSize, null, CompressionProviders, "response");

        if (options.HttpHandler is { } handler)
        {
            HttpInvoker = new HttpMessageInvoker(handler, disposeHandler: options.DisposeHttpClient);
            _disposeInvoker = options.DisposeHttpClient;
        }
        else
        {
            HttpInvoker = new HttpMessageInvoker(new SocketsHttpHandler { EnableMultipleHttp2Connections = true }, disposeHandler: true);
            _disposeInvoker = true;
        }

        _callInvoker = new HttpCallInvoker(this);
    }

    /// <summary>The server address calls go to.</summary>
    public Uri Address { get; }

    internal HttpMessageInvoker HttpInvoker { get; }

    internal CompressionProviders CompressionProviders { get; }

    internal ICompressionProvider? DefaultCompression { get; }

    internal int? MaxReceiveMessageSize { get; }

    internal int? MaxSendMessageSize { get; }

    internal bool ThrowOperationCanceledOnCancellation { get; }

    /// <summary>Reader options for responses without <c>grpc-encoding</c>, shared by all calls.</summary>
    internal MessageReaderOptions IdentityReaderOptions { get; }

    /// <summary>Creates a channel for <paramref name="address"/>, e.g. <c>http://localhost:5000</c>.</summary>
    /// <param name="address">An absolute <c>http</c> or <c>https</c> address; a path, if any, prefixes every method path.</param>
    /// <param name="options">The channel options, or null for the defaults.</param>
    /// <exception cref="ArgumentException">The address is not an absolute http or https URI, or an option is invalid.</exception>
    public static GrpcChannel ForAddress(string address, GrpcChannelOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(address);
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri))
        {
            throw new ArgumentException($"'{address}' is not an absolute URI; use e.g. 'http://localhost:5000' or 'https://example.com'.", nameof(address));
        }

        return ForAddress(uri, options);
    }

    /// <summary>Creates a channel for <paramref name="address"/>.</summary>
    /// <param name="address">An absolute <c>http</c> or <c>https</c> address; a path, if any, prefixes every method path.</param>
    /// <param name="options">The channel options, or null for the defaults.</param>
    /// <exception cref="ArgumentException">The address is not an absolute http or https URI, or an option is invalid.</exception>
    public static GrpcChannel ForAddress(Uri address, GrpcChannelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (!address.IsAbsoluteUri || (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"'{address}' must be an absolute URI with scheme 'http' (HTTP/2 without TLS) or 'https' (TLS).", nameof(address));
        }

        return new GrpcChannel(address, options ?? new GrpcChannelOptions());
    }

    /// <inheritdoc />
    /// <exception cref="ObjectDisposedException">The channel has been disposed.</exception>
    public override CallInvoker CreateCallInvoker()
    {
        ThrowIfDisposed();
        return _callInvoker;
    }

    /// <summary>
    /// Disposes the channel: new calls fail with <see cref="ObjectDisposedException"/>. The HTTP handler is
    /// disposed when the channel created it or <see cref="GrpcChannelOptions.DisposeHttpClient"/> is set,
    /// which aborts calls still running on it.
    /// </summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_disposeInvoker)
        {
            HttpInvoker.Dispose();
        }
    }

    internal void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    /// <summary>The request URI of <paramref name="method"/>, cached per method path.</summary>
    internal Uri GetMethodUri(IMethod method) =>
        _methodUris.GetOrAdd(method.FullName, static (path, prefix) => new Uri(prefix + path, UriKind.Absolute), _uriPrefix);

    /// <summary>Resolves a per-call compression name; null means send uncompressed.</summary>
    /// <exception cref="InvalidOperationException">No provider has that name.</exception>
    internal ICompressionProvider? ResolveCompression(string? name)
    {
        if (name is null)
        {
            return DefaultCompression;
        }

        return ResolveCompression(name, CompressionProviders);
    }

    private static ICompressionProvider? ResolveDefaultCompression(string? name, CompressionProviders providers)
    {
        try
        {
            return name is null ? null : ResolveCompression(name, providers);
        }
        catch (InvalidOperationException ex)
        {
            throw new ArgumentException("GrpcChannelOptions.DefaultCompression: " + ex.Message, "options", ex);
        }
    }

    private static ICompressionProvider? ResolveCompression(string name, CompressionProviders providers)
    {
        if (string.Equals(name, GrpcProtocolConstants.IdentityEncoding, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (providers.TryGet(name, out var provider))
        {
            return provider;
        }

        throw new InvalidOperationException($"No compression provider named '{name}'. Supported: {providers.AcceptEncodingHeaderValue}. Add one to GrpcChannelOptions.CompressionProviders or use one of these.");
    }
}
