using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Faultline.Benchmarks;

/// <summary>
/// One HTTP/2 request, reused call after call, without a network or a server: a
/// <see cref="DefaultHttpContext"/> over hand-made features that behave as Kestrel's do for what a
/// gRPC handler touches. The request body is a <see cref="Pipe"/> holding one frame and then ending;
/// the response body is a reusable buffer; the response "starts" on the first write or
/// <c>StartAsync</c>, after which the status goes to the trailers; request services come from a
/// per-request DI scope created on first use and disposed when the request completes, as in ASP.NET
/// Core hosting. The context is re-initialized per call, as Kestrel re-initializes its pooled one,
/// and what a call added to the features (request services, the matched endpoint) is removed.
/// </summary>
internal sealed class InProcessCall
{
    private readonly FeatureCollection _features = new();
    private readonly HttpRequestFeature _request = new();
    private readonly ResponseFeatures _response = new();
    private readonly Pipe _requestBody = new(new PipeOptions(pauseWriterThreshold: 0, resumeWriterThreshold: 0, useSynchronizationContext: false));
    private readonly DefaultHttpContext _http;
    private readonly IServiceScopeFactory _scopeFactory;
    private readonly byte[] _requestFrame;

    /// <param name="path">The request path.</param>
    /// <param name="requestFrame">The length-prefixed request body.</param>
    /// <param name="scopeFactory">Where request services come from.</param>
    /// <param name="timeout">A <c>grpc-timeout</c> header value, or null for none.</param>
    public InProcessCall(string path, byte[] requestFrame, IServiceScopeFactory scopeFactory, string? timeout = null)
    {
        _requestFrame = requestFrame;
        _scopeFactory = scopeFactory;
        _request.Protocol = HttpProtocol.Http2;
        _request.Method = HttpMethods.Post;
        _request.Scheme = "http";
        _request.Path = path;
        _request.Headers = new HeaderDictionary
        {
            ["content-type"] = "application/grpc",
            ["te"] = "trailers",
            ["user-agent"] = "grpc-dotnet-bench",
        };
        if (timeout is not null)
        {
            _request.Headers["grpc-timeout"] = timeout;
        }

        _features.Set<IHttpRequestFeature>(_request);
        _features.Set<IHttpResponseFeature>(_response);
        _features.Set<IHttpResponseBodyFeature>(_response);
        _features.Set<IHttpResponseTrailersFeature>(_response);
        _features.Set<IRequestBodyPipeFeature>(new RequestBodyPipe(_requestBody.Reader));
        _features.Set<IHttpRequestLifetimeFeature>(new Lifetime());
        _http = new DefaultHttpContext(_features);
    }

    /// <summary>The response body written by the last call.</summary>
    public ReadOnlySpan<byte> ResponseBody => _response.Body.WrittenSpan;

    public IHeaderDictionary ResponseHeaders => _response.Headers;

    public IHeaderDictionary ResponseTrailers => _response.Trailers;

    public int StatusCode => _response.StatusCode;

    /// <summary>Prepares the request (its body holds the frame and then ends) and returns its context.</summary>
    public HttpContext Begin()
    {
        _requestBody.Writer.Write(_requestFrame);
        _requestBody.Writer.Complete();
        _response.Reset();
        _http.Initialize(_features);
        _http.ServiceScopeFactory = _scopeFactory;
        return _http;
    }

    /// <summary>Completes the request as the server would: runs OnCompleted callbacks (disposing the request scope) and recycles the context.</summary>
    public async ValueTask EndAsync()
    {
        await _response.CompleteRequestAsync().ConfigureAwait(false);
        _requestBody.Reader.Complete();
        _requestBody.Reset();
        // What the call added to the features (request services, the routing result) goes, as Kestrel resets them per request.
        _features.Set<IServiceProvidersFeature>(null);
        _features.Set<IEndpointFeature>(null);
        _features.Set<IRouteValuesFeature>(null);
        _http.Uninitialize();
    }

    private sealed class RequestBodyPipe(PipeReader reader) : IRequestBodyPipeFeature
    {
        public PipeReader Reader { get; } = reader;
    }

    private sealed class Lifetime : IHttpRequestLifetimeFeature
    {
        // Kestrel's RequestAborted is a real, cancellable token.
        private readonly CancellationTokenSource _aborted = new();

        public CancellationToken RequestAborted
        {
            get => _aborted.Token;
            set => throw new NotSupportedException();
        }

        public void Abort() => _aborted.Cancel();
    }

    private sealed class ResponseFeatures : IHttpResponseFeature, IHttpResponseBodyFeature, IHttpResponseTrailersFeature
    {
        private readonly List<(Func<object, Task> Callback, object State)> _onStarting = new();
        private readonly List<(Func<object, Task> Callback, object State)> _onCompleted = new();

        public ResponseFeatures() => Writer = new BufferPipeWriter(this);

        public ArrayBufferWriter<byte> Body { get; } = new(1024);

        public int StatusCode { get; set; } = 200;

        public string? ReasonPhrase { get; set; }

        public IHeaderDictionary Headers { get; set; } = new HeaderDictionary();

        Stream IHttpResponseFeature.Body
        {
            get => Stream;
            set => throw new NotSupportedException();
        }

        public bool HasStarted { get; private set; }

        public Stream Stream => throw new NotSupportedException("The gRPC handlers write to the PipeWriter.");

        public PipeWriter Writer { get; }

        public IHeaderDictionary Trailers { get; set; } = new HeaderDictionary();

        public void Reset()
        {
            StatusCode = 200;
            ReasonPhrase = null;
            Headers.Clear();
            Trailers.Clear();
            Body.ResetWrittenCount();
            HasStarted = false;
        }

        public void OnStarting(Func<object, Task> callback, object state) => _onStarting.Add((callback, state));

        public void OnCompleted(Func<object, Task> callback, object state) => _onCompleted.Add((callback, state));

        public void DisableBuffering()
        {
        }

        public Task StartAsync(CancellationToken cancellationToken = default)
        {
            Start();
            return Task.CompletedTask;
        }

        public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task CompleteAsync()
        {
            Start();
            return Task.CompletedTask;
        }

        public void Start()
        {
            if (HasStarted)
            {
                return;
            }

            HasStarted = true;
            for (var i = _onStarting.Count - 1; i >= 0; i--)
            {
                _onStarting[i].Callback(_onStarting[i].State).GetAwaiter().GetResult();
            }

            _onStarting.Clear();
        }

        public async Task CompleteRequestAsync()
        {
            Start();
            for (var i = _onCompleted.Count - 1; i >= 0; i--)
            {
                await _onCompleted[i].Callback(_onCompleted[i].State).ConfigureAwait(false);
            }

            _onCompleted.Clear();
        }
    }

    /// <summary>A response body writer over a reusable buffer; the first write starts the response, as in Kestrel.</summary>
    private sealed class BufferPipeWriter(ResponseFeatures response) : PipeWriter
    {
        public override void Advance(int bytes) => response.Body.Advance(bytes);

        public override Memory<byte> GetMemory(int sizeHint = 0)
        {
            response.Start();
            return response.Body.GetMemory(sizeHint);
        }

        public override Span<byte> GetSpan(int sizeHint = 0)
        {
            response.Start();
            return response.Body.GetSpan(sizeHint);
        }

        public override void CancelPendingFlush()
        {
        }

        public override void Complete(Exception? exception = null)
        {
        }

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
        {
            response.Start();
            return new ValueTask<FlushResult>(new FlushResult(isCanceled: false, isCompleted: false));
        }
    }
}
