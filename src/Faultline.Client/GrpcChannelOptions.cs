using Faultline.Compression;

namespace Faultline.Client;

/// <summary>
/// Options of a <see cref="GrpcChannel"/>. Read once when the channel is created; later changes to
/// this object do not affect an existing channel.
/// </summary>
/// <remarks>
/// To call a server whose TLS certificate the machine does not trust (a test server with a
/// self-signed certificate, say), pass your own handler:
/// <code>
/// var handler = new SocketsHttpHandler
/// {
///     EnableMultipleHttp2Connections = true,
///     SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
/// };
/// var channel = GrpcChannel.ForAddress("https://localhost:5001", new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });
/// </code>
/// Never accept every certificate outside tests.
/// </remarks>
public sealed class GrpcChannelOptions
{
    /// <summary>
    /// The handler that sends the HTTP/2 requests. <c>null</c> (the default) makes the channel create
    /// a <see cref="SocketsHttpHandler"/> with <see cref="SocketsHttpHandler.EnableMultipleHttp2Connections"/>
    /// set, which it disposes with itself.
    /// </summary>
    public HttpMessageHandler? HttpHandler { get; set; }

    /// <summary>
    /// Whether disposing the channel also disposes <see cref="HttpHandler"/>. Default <c>false</c>:
    /// a handler you pass stays yours. A handler the channel created is always disposed with it.
    /// </summary>
    public bool DisposeHttpClient { get; set; }

    /// <summary>
    /// The largest response message accepted, in bytes, before and after decompression; larger ones
    /// fail the call with <see cref="StatusCode.ResourceExhausted"/>. Default 4 MiB; <c>null</c> for no limit.
    /// </summary>
    public int? MaxReceiveMessageSize { get; set; } = Protocol.GrpcProtocolConstants.DefaultMaxReceiveMessageSize;

    /// <summary>
    /// The largest request message sent, in bytes (after compression); larger ones fail the call with
    /// <see cref="StatusCode.ResourceExhausted"/> before anything is sent. Default <c>null</c>: no limit.
    /// </summary>
    public int? MaxSendMessageSize { get; set; }

    /// <summary>
    /// The message encodings the channel supports, for requests it compresses and responses it reads,
    /// advertised in <c>grpc-accept-encoding</c>. Default: gzip and deflate; add to the list for more.
    /// An empty list supports only <c>identity</c>; <c>null</c> means the default.
    /// </summary>
    public IList<ICompressionProvider>? CompressionProviders { get; set; } = [new GzipCompressionProvider(), new DeflateCompressionProvider()];

    /// <summary>
    /// The encoding of request messages when a call does not set <see cref="CallOptions.Compression"/>,
    /// e.g. <c>gzip</c>. <c>null</c> or <c>identity</c> (the default) sends them uncompressed. Must name one
    /// of <see cref="CompressionProviders"/>.
    /// </summary>
    public string? DefaultCompression { get; set; }

    /// <summary>
    /// Whether a call cancelled through its <see cref="CallOptions.CancellationToken"/>, ended by its
    /// deadline, or disposed throws <see cref="OperationCanceledException"/> rather than a
    /// <see cref="GrpcException"/> with <see cref="StatusCode.Cancelled"/> or
    /// <see cref="StatusCode.DeadlineExceeded"/>. Default <c>false</c>. The call's status is set either way.
    /// </summary>
    public bool ThrowOperationCanceledOnCancellation { get; set; }
}
