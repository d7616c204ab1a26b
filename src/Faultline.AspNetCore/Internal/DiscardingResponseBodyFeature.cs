using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Faultline.AspNetCore.Internal;

/// <summary>
/// Stands in for the response body once a unary or client-streaming call has failed without throwing,
/// so the message grpc-dotnet writes after the handler returns never reaches the wire and the call
/// ends exactly as a thrown exception would end it: status only, as a Trailers-Only response when
/// nothing was sent yet (which is also what lets A6 clients retry it and honour pushback).
/// </summary>
internal sealed class DiscardingResponseBodyFeature : IHttpResponseBodyFeature
{
    private readonly IHttpResponseBodyFeature _inner;

    private DiscardingResponseBodyFeature(IHttpResponseBodyFeature inner) => _inner = inner;

    public Stream Stream => Stream.Null;

    public PipeWriter Writer { get; } = new DiscardingPipeWriter();

    /// <summary>Discards what is written to <paramref name="httpContext"/>'s response body from now on.</summary>
    public static void Install(HttpContext httpContext)
    {
        var inner = httpContext.Features.Get<IHttpResponseBodyFeature>();
        if (inner is not null and not DiscardingResponseBodyFeature)
        {
            httpContext.Features.Set<IHttpResponseBodyFeature>(new DiscardingResponseBodyFeature(inner));
        }
    }

    public void DisableBuffering() => _inner.DisableBuffering();

    // Starting the response would send headers and turn the failure into headers + trailers.
    public Task StartAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task CompleteAsync() => _inner.CompleteAsync();

    private sealed class DiscardingPipeWriter : PipeWriter
    {
        private byte[] _scratch = [];

        public override void Advance(int bytes)
        {
        }

        public override Memory<byte> GetMemory(int sizeHint = 0) => Scratch(sizeHint);

        public override Span<byte> GetSpan(int sizeHint = 0) => Scratch(sizeHint);

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => new(new FlushResult(isCanceled: false, isCompleted: false));

        public override void CancelPendingFlush()
        {
        }

        public override void Complete(Exception? exception = null)
        {
        }

        private byte[] Scratch(int sizeHint)
        {
            if (_scratch.Length < Math.Max(sizeHint, 1))
            {
                _scratch = new byte[Math.Max(sizeHint, 256)];
            }

            return _scratch;
        }
    }
}
