namespace Faultline.Tests.Infrastructure;

/// <summary>
/// What a fake call reports about itself, as grpc-dotnet's calls do: status and trailers once it has
/// finished (InvalidOperationException before), response headers, and how often it was disposed.
/// Builds the grpc-dotnet call objects over that state.
/// </summary>
internal sealed class FakeCallOutcome
{
    private Grpc.Core.Status? _status;
    private Metadata? _trailers;

    public Task<Metadata> Headers { get; set; } = Task.FromResult(new Metadata { { "x-header", "h" } });

    public int DisposeCount { get; private set; }

    /// <summary>Finishes the call; with no <paramref name="trailers"/> none arrived (a local deadline or cancellation).</summary>
    public FakeCallOutcome Finish(Grpc.Core.Status status, Metadata? trailers = null)
    {
        _status = status;
        _trailers = trailers;
        return this;
    }

    public FakeCallOutcome Finish(RpcException failure) => Finish(failure.Status, failure.Trailers);

    public Grpc.Core.Status GetStatus() => _status ?? throw new InvalidOperationException("Unable to get the status because the call is not complete.");

    public Metadata GetTrailers() => _trailers ?? throw new InvalidOperationException("Can't get the call trailers because the call has not completed successfully.");

    public void Dispose() => DisposeCount++;

    public AsyncUnaryCall<string> Unary(Task<string> response) => new(response, Headers, GetStatus, GetTrailers, Dispose);

    public AsyncServerStreamingCall<string> ServerStreaming(IAsyncStreamReader<string> responses) => new(responses, Headers, GetStatus, GetTrailers, Dispose);

    public AsyncClientStreamingCall<string, string> ClientStreaming(IClientStreamWriter<string> requests, Task<string> response) =>
        new(requests, response, Headers, GetStatus, GetTrailers, Dispose);

    public AsyncDuplexStreamingCall<string, string> Duplex(IClientStreamWriter<string> requests, IAsyncStreamReader<string> responses) =>
        new(requests, responses, Headers, GetStatus, GetTrailers, Dispose);
}
