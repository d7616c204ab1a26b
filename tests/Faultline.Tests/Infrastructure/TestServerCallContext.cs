namespace Faultline.Tests.Infrastructure;

/// <summary>
/// A <see cref="ServerCallContext"/> with plain, settable state and no server behind it: enough for
/// the context extensions, which only read and write Status, ResponseTrailers and UserState.
/// </summary>
internal sealed class TestServerCallContext : ServerCallContext
{
    private readonly Dictionary<object, object> _userState = new();

    public Metadata Trailers { get; } = new();

    protected override string MethodCore => "/test.Service/Method";

    protected override string HostCore => "localhost";

    protected override string PeerCore => "ipv4:127.0.0.1:50000";

    protected override DateTime DeadlineCore => DateTime.MaxValue;

    protected override Metadata RequestHeadersCore { get; } = new();

    protected override CancellationToken CancellationTokenCore => CancellationToken.None;

    protected override Metadata ResponseTrailersCore => Trailers;

    protected override Grpc.Core.Status StatusCore { get; set; }

    protected override WriteOptions? WriteOptionsCore { get; set; }

    protected override AuthContext AuthContextCore { get; } = new(null, new Dictionary<string, List<AuthProperty>>());

    protected override IDictionary<object, object> UserStateCore => _userState;

    protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders) => Task.CompletedTask;

    // No call here propagates deadlines or cancellation to child calls.
    protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) =>
        throw new NotSupportedException("The test context has no outgoing calls.");
}
