using System.IO.Pipelines;
using Faultline.Interop.WireTap;

namespace Faultline.Interop.Server.WireTap;

/// <summary>
/// Passes a response body through unchanged and feeds every byte written to a
/// <see cref="GrpcFrameScanner"/>, so the server knows (and tests can check) the compressed flag of
/// each response message it sent.
/// </summary>
internal sealed class FrameSniffingPipeWriter(PipeWriter inner, GrpcFrameScanner scanner) : PipeWriter
{
    private Memory<byte> _lastMemory;

    public override Memory<byte> GetMemory(int sizeHint = 0) => _lastMemory = inner.GetMemory(sizeHint);

    public override Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;

    public override void Advance(int bytes)
    {
        scanner.Feed(_lastMemory.Span[..bytes]);
        _lastMemory = default;
        inner.Advance(bytes);
    }

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => inner.FlushAsync(cancellationToken);

    public override ValueTask<FlushResult> WriteAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default)
    {
        scanner.Feed(source.Span);
        return inner.WriteAsync(source, cancellationToken);
    }

    public override void CancelPendingFlush() => inner.CancelPendingFlush();

    public override void Complete(Exception? exception = null) => inner.Complete(exception);

    public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);

    public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

    public override long UnflushedBytes => inner.UnflushedBytes;
}
