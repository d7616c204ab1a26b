using System.Buffers;
using System.IO.Pipelines;
using Faultline.Interop.WireTap;

namespace Faultline.Interop.Server.WireTap;

/// <summary>
/// Passes a request body through unchanged and feeds every byte the reader consumes to a
/// <see cref="GrpcFrameScanner"/>, so the service can tell whether each request message arrived with the
/// compressed flag set.
/// </summary>
internal sealed class FrameSniffingPipeReader(PipeReader inner, GrpcFrameScanner scanner) : PipeReader
{
    private ReadOnlySequence<byte> _lastBuffer;

    public override async ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        var result = await inner.ReadAsync(cancellationToken).ConfigureAwait(false);
        _lastBuffer = result.Buffer;
        return result;
    }

    public override bool TryRead(out ReadResult result)
    {
        if (inner.TryRead(out result))
        {
            _lastBuffer = result.Buffer;
            return true;
        }

        return false;
    }

    public override void AdvanceTo(SequencePosition consumed) => AdvanceTo(consumed, consumed);

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
    {
        scanner.Feed(_lastBuffer.Slice(_lastBuffer.Start, consumed));
        _lastBuffer = default;
        inner.AdvanceTo(consumed, examined);
    }

    public override void CancelPendingRead() => inner.CancelPendingRead();

    public override void Complete(Exception? exception = null) => inner.Complete(exception);

    public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);
}
