using System.IO.Pipelines;
using System.Net;
using Faultline.Compression;
using Faultline.Protocol;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Faultline.Server.Internal;

/// <summary>
/// The server side of one call on one HTTP/2 stream: reads the protocol headers, owns the deadline
/// and the call's cancellation, writes response messages and finally the status. Exactly one of
/// the normal end and the deadline ends the call; the other sees it has lost and writes nothing.
/// </summary>
internal sealed class HttpServerCallContext : ServerCallContext
{
    private const int Running = 0;
    private const int Ended = 1;
    private const int DeadlineExceededState = 2;

    private static readonly RichStatus OkStatus = new(StatusCode.OK, string.Empty);
    private static readonly RichStatus DeadlineExceededStatus = new(StatusCode.DeadlineExceeded, "Deadline Exceeded");

    private readonly HttpContext _http;
    private readonly ServerCallServices _services;
    private readonly IMethod _method;
    private readonly PipeWriter _bodyWriter;

    private Metadata? _requestHeaders;
    private Metadata? _responseTrailers;
    private Dictionary<object, object?>? _userState;
    private CancellationTokenSource? _deadlineCts;
    private ServerCallDeadline? _deadline;
    private SemaphoreSlim? _writeLock;
    private TaskCompletionSource? _deadlineDone;
    private ICompressionProvider? _responseCompression;
    private bool _responseEncodingHeaderWritten;
    private int _state;
    private RichStatus _status = OkStatus;

    public HttpContext HttpContext => _http;

    /// <summary>The exception the method ended with, handed to the status mapping without rethrowing it.</summary>
    public Exception? Failure { get; set; }

    public PipeReader BodyReader { get; }

    public IMethod MethodDescriptor => _method;

    public ServerCallServices Services => _services;

    /// <summary>True once the call has ended, normally or by its deadline.</summary>
    public bool IsComplete => Volatile.Read(ref _state) != Running;

    public override string Method => _method.FullName;

    public override string Host => _http.Request.Host.Value ?? string.Empty;

    public override string Peer => FormatPeer(_http.Connection.RemoteIpAddress, _http.Connection.RemotePort);

    public override DateTime Deadline { get; }

    public override Metadata RequestHeaders => _requestHeaders ??= MetadataHeaders.Read(_http.Request.Headers);

    public override CancellationToken CancellationToken { get; }

    public override Metadata ResponseTrailers => _responseTrailers ??= new Metadata();

    public override Status Status
    {
        get => _status.Status;
        set => _status = new RichStatus(value.Code, value.Message);
    }

    public override RichStatus RichStatus
    {
        get => _status;
        set => _status = value ?? throw new ArgumentNullException(nameof(value));
    }

    public override WriteOptions? WriteOptions { get; set; }

    public override IDictionary<object, object?> UserState => _userState ??= new Dictionary<object, object?>();

    /// <summary>The compression chosen for responses, or null.</summary>
    public ICompressionProvider? ResponseCompression => _responseCompression;

    /// <summary>Reads the protocol headers and starts the deadline, before the method runs.</summary>
    public HttpServerCallContext(HttpContext http, ServerCallServices services, IMethod method, TimeProvider time)
    {
        _http = http;
        _services = services;
        _method = method;
        _bodyWriter = http.Response.BodyWriter;
        BodyReader = http.Request.BodyReader;
        Deadline = DateTime.MaxValue;
        CancellationToken = http.RequestAborted;

        var response = http.Response;
        response.ContentType = GrpcProtocolConstants.ContentType;
        response.Headers[GrpcProtocolConstants.AcceptEncodingHeader] = services.CompressionProviders.AcceptEncodingHeaderValue;

        if (services.Options.ResponseCompressionAlgorithm is { } algorithm)
        {
            TrySetResponseCompression(algorithm);
        }

        if (GrpcTimeout.TryParse(http.Request.Headers[GrpcProtocolConstants.TimeoutHeader], out var timeout))
        {
            Deadline = time.GetUtcNow().UtcDateTime + timeout;
            _deadlineCts = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
            CancellationToken = _deadlineCts.Token;
            _writeLock = new SemaphoreSlim(1, 1);
            _deadlineDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _deadline = new ServerCallDeadline(Deadline, OnDeadline, time);
        }
    }

    /// <summary>
    /// Compresses responses with <paramref name="encoding"/> if the client accepts it. Returns false
    /// (and leaves responses as they were) when it does not, or the server does not know it.
    /// </summary>
    public bool TrySetResponseCompression(string? encoding)
    {
        if (_http.Response.HasStarted)
        {
            throw new InvalidOperationException("Response compression must be chosen before the response headers are sent.");
        }

        if (encoding is null || string.Equals(encoding, GrpcProtocolConstants.IdentityEncoding, StringComparison.OrdinalIgnoreCase))
        {
            _responseCompression = null;
            return true;
        }

        if (!ClientAccepts(encoding) || !_services.CompressionProviders.TryGet(encoding, out var provider))
        {
            return false;
        }

        _responseCompression = provider;
        return true;
    }

    /// <summary>
    /// Kestrel fails a read of the request body with an <see cref="IOException"/> when the client
    /// resets the stream, sometimes before <c>RequestAborted</c> fires. That is the client cancelling,
    /// not the method failing, so it becomes an <see cref="OperationCanceledException"/> on the request token.
    /// </summary>
    public OperationCanceledException ClientResetDuringRead(IOException exception) =>
        new("The client reset the request stream.", exception, _http.RequestAborted);

    /// <summary>Reads the single request message of a unary or server-streaming call.</summary>
    public async ValueTask<TRequest> ReadSingleRequestAsync<TRequest>(Marshaller<TRequest> marshaller)
    {
        try
        {
            return await CreateRequestReader().ReadSingleAsync(marshaller, CancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            throw ClientResetDuringRead(ex);
        }
    }

    /// <summary>Creates the reader of this call's request messages.</summary>
    public GrpcMessageReader CreateRequestReader()
    {
        string? encoding = _http.Request.Headers[GrpcProtocolConstants.EncodingHeader];
        var options = string.IsNullOrEmpty(encoding)
            ? _services.RequestReaderOptions
            : new MessageReaderOptions(_services.Options.MaxReceiveMessageSize, encoding, _services.CompressionProviders, "request");
        return new GrpcMessageReader(BodyReader, options);
    }

    public override async Task WriteResponseHeadersAsync(Metadata responseHeaders)
    {
        ArgumentNullException.ThrowIfNull(responseHeaders);
        await AcquireWriteLockAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            ThrowIfComplete();
            if (_http.Response.HasStarted)
            {
                throw new InvalidOperationException("Response headers can only be sent once per call, before any response message.");
            }

            MetadataHeaders.Append(_http.Response.Headers, responseHeaders);
            await StartResponseAsync(CancellationToken).ConfigureAwait(false);
            await _bodyWriter.FlushAsync(CancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock?.Release();
        }
    }

    /// <summary>Writes one response message; flushes it unless <paramref name="flush"/> is false.</summary>
    public async ValueTask WriteMessageAsync<T>(T message, Marshaller<T> marshaller, bool flush, CancellationToken cancellationToken)
    {
        await AcquireWriteLockAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfComplete();
            if (!_http.Response.HasStarted)
            {
                await StartResponseAsync(cancellationToken).ConfigureAwait(false);
            }

            var options = WriteOptions;
            var compression = options is not null && (options.Flags & WriteFlags.NoCompress) != 0 ? null : _responseCompression;
            GrpcMessageWriter.Write(_bodyWriter, message, marshaller, compression, _services.Options.MaxSendMessageSize, "response");
            if (flush && (options is null || (options.Flags & WriteFlags.BufferHint) == 0))
            {
                await _bodyWriter.FlushAsync(cancellationToken).ConfigureAwait(false);

                // A flush on an aborted stream may complete without reporting it.
                cancellationToken.ThrowIfCancellationRequested();
                CancellationToken.ThrowIfCancellationRequested();
            }
        }
        finally
        {
            _writeLock?.Release();
        }
    }

    /// <summary>
    /// Ends the call with <paramref name="status"/> unless the deadline already ended it.
    /// </summary>
    public async Task EndCallAsync(RichStatus status)
    {
        if (Interlocked.CompareExchange(ref _state, Ended, Running) != Running)
        {
            // The deadline won: wait for it to finish writing before the request delegate returns.
            if (_deadlineDone is { } deadlineDone)
            {
                await deadlineDone.Task.ConfigureAwait(false);
            }

            DisposeDeadline();
            return;
        }

        DisposeDeadline();
        WriteStatus(status);
    }

    /// <summary>Applies the status policy (no DebugInfo unless opted in; fit the peer's header limit) and writes it.</summary>
    private void WriteStatus(RichStatus status)
    {
        var options = _services.Options;
        status = AdoptDetailsFromTrailers(status);
        if (!options.EnableDetailedErrors)
        {
            status = StatusTrailerBudget.WithoutDebugInfo(status);
        }

        status = StatusTrailerBudget.Fit(status, _responseTrailers, options.MaxStatusTrailerSize, out var trim);
        if (trim.Any)
        {
            ServerLog.StatusTrimmed(_services.Logger, _method.FullName, trim.OriginalSize, options.MaxStatusTrailerSize, string.Join(", ", trim.DroppedDetails), trim.MessageTruncated, trim.TrailersDropped);
        }

        StatusTrailerWriter.Write(_http.Response, status, trim.TrailersDropped ? null : _responseTrailers);
    }

    /// <summary>
    /// A service may put a serialized google.rpc.Status into its trailers itself, the way grpcio-status
    /// does in Python. Its details are used when they agree with the status being sent and the status
    /// has none of its own; otherwise that trailer is ignored.
    /// </summary>
    private RichStatus AdoptDetailsFromTrailers(RichStatus status)
    {
        if (status.Details.Count > 0 || _responseTrailers is null || status.Code == StatusCode.OK)
        {
            return status;
        }

        try
        {
            return StatusDetailsReader.ReadStrict(status.Status, _responseTrailers) is { } fromTrailers
                ? status.With(status.Message, fromTrailers.Details)
                : status;
        }
        catch (RichStatusException)
        {
            return status;
        }
    }

    private void OnDeadline() => _ = DeadlineExceededAsync();

    private async Task DeadlineExceededAsync()
    {
        if (Interlocked.CompareExchange(ref _state, DeadlineExceededState, Running) != Running)
        {
            return;
        }

        ServerLog.DeadlineExceeded(_services.Logger, _method.FullName);
        try
        {
            // Cancel first so a handler blocked in a write or read lets go of the write lock.
            await _deadlineCts!.CancelAsync().ConfigureAwait(false);
            await _writeLock!.WaitAsync().ConfigureAwait(false);
            try
            {
                WriteStatus(DeadlineExceededStatus);
                await _http.Response.CompleteAsync().ConfigureAwait(false);
            }
            finally
            {
                _writeLock.Release();
            }

            // Tell the client to stop sending: the call is over.
            _http.Features.Get<IHttpResetFeature>()?.Reset(Http2ErrorCodes.Cancel);
        }
        catch (Exception ex)
        {
            ServerLog.DeadlineEndFailed(_services.Logger, _method.FullName, ex);
        }
        finally
        {
            _deadlineDone!.TrySetResult();
        }
    }

    private void DisposeDeadline()
    {
        _deadline?.Dispose();
        _deadlineCts?.Dispose();
    }

    private ValueTask AcquireWriteLockAsync(CancellationToken cancellationToken)
    {
        var writeLock = _writeLock;
        if (writeLock is null || writeLock.Wait(0))
        {
            return ValueTask.CompletedTask;
        }

        return new ValueTask(writeLock.WaitAsync(cancellationToken));
    }

    private Task StartResponseAsync(CancellationToken cancellationToken)
    {
        if (_responseCompression is { } compression && !_responseEncodingHeaderWritten)
        {
            _http.Response.Headers[GrpcProtocolConstants.EncodingHeader] = compression.EncodingName;
            _responseEncodingHeaderWritten = true;
        }

        return _http.Response.StartAsync(cancellationToken);
    }

    private void ThrowIfComplete()
    {
        if (IsComplete)
        {
            throw new InvalidOperationException("The call is complete: no more messages or headers can be written.");
        }
    }

    private bool ClientAccepts(string encoding)
    {
        foreach (var value in _http.Request.Headers[GrpcProtocolConstants.AcceptEncodingHeader])
        {
            if (value is null)
            {
                continue;
            }

            foreach (var range in value.AsSpan().Split(','))
            {
                if (value.AsSpan()[range].Trim().Equals(encoding, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static string FormatPeer(IPAddress? address, int port) => address switch
    {
        null => "unknown",
        { AddressFamily: System.Net.Sockets.AddressFamily.InterNetworkV6 } when address.IsIPv4MappedToIPv6 => $"ipv4:{address.MapToIPv4()}:{port}",
        { AddressFamily: System.Net.Sockets.AddressFamily.InterNetworkV6 } => $"ipv6:[{address}]:{port}",
        _ => $"ipv4:{address}:{port}",
    };
}
