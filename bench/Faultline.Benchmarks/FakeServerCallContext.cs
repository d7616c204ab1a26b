using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Faultline.Benchmarks;

/// <summary>
/// A server call context with nothing behind it but a <see cref="DefaultHttpContext"/> (placed in
/// UserState under <c>__HttpContext</c>, where grpc-dotnet's <c>GetHttpContext</c> looks for one
/// outside a real call). <see cref="Reset"/> makes it fresh again without allocating.
/// </summary>
internal sealed class FakeServerCallContext : ServerCallContext
{
    private const string HttpContextKey = "__HttpContext";

    private readonly Metadata _requestHeaders = new();
    private readonly Metadata _responseTrailers = new();
    private readonly Dictionary<object, object> _userState = new();
    private readonly HttpContext _httpContext;
    private readonly IHttpResponseBodyFeature _responseBody;
    private Status _status;

    public FakeServerCallContext()
    {
        _httpContext = new DefaultHttpContext();
        _httpContext.Request.ContentType = "application/grpc";
        _userState[HttpContextKey] = _httpContext;
        _responseBody = _httpContext.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
    }

    protected override string MethodCore => "/bench.Bench/Echo";

    protected override string HostCore => "localhost";

    protected override string PeerCore => "ipv4:127.0.0.1:50000";

    protected override DateTime DeadlineCore => DateTime.MaxValue;

    protected override Metadata RequestHeadersCore => _requestHeaders;

    protected override CancellationToken CancellationTokenCore => CancellationToken.None;

    protected override Metadata ResponseTrailersCore => _responseTrailers;

    protected override Status StatusCore
    {
        get => _status;
        set => _status = value;
    }

    protected override WriteOptions? WriteOptionsCore { get; set; }

    protected override AuthContext AuthContextCore => throw new NotSupportedException();

    protected override IDictionary<object, object> UserStateCore => _userState;

    /// <summary>Clears what a failed call left: status, trailers, every UserState entry but the HttpContext, the response body feature.</summary>
    public void Reset()
    {
        _httpContext.Features.Set(_responseBody);
        _status = Status.DefaultSuccess;
        _responseTrailers.Clear();
        if (_userState.Count > 1)
        {
            _userState.Clear();
            _userState[HttpContextKey] = _httpContext;
        }
    }

    protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) => throw new NotSupportedException();

    protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders) => Task.CompletedTask;
}
