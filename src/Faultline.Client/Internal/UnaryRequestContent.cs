using System.Net;
using Faultline.Buffers;

namespace Faultline.Client.Internal;

/// <summary>
/// The body of a unary or server-streaming request: one framed message, serialized before the request
/// is sent (so serialization and size errors fail the call without touching the network) into a pooled
/// buffer that goes back to the pool once no write uses it.
/// </summary>
internal sealed class UnaryRequestContent : HttpContent
{
    private readonly Lock _lock = new();
    private PooledBufferWriter? _frame;
    private int _writers;

    public UnaryRequestContent(PooledBufferWriter frame) => _frame = frame;

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        PooledBufferWriter frame;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_frame is null, this);
            frame = _frame;
            _writers++;
        }

        try
        {
            await stream.WriteAsync(frame.WrittenMemory, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            lock (_lock)
            {
                _writers--;
                if (_writers == 0 && _frame is null)
                {
                    frame.Dispose();
                }
            }
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        // No content-length: gRPC frames carry their own lengths and not every peer expects one.
        length = 0;
        return false;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            lock (_lock)
            {
                var frame = _frame;
                _frame = null;
                if (frame is not null && _writers == 0)
                {
                    frame.Dispose();
                }
            }
        }

        base.Dispose(disposing);
    }
}
