using System.Net;

namespace Faultline.Client.Internal;

/// <summary>
/// The body of a client-streaming or duplex request, pushed by the caller's writes. The HTTP stack
/// calls <see cref="SerializeToStreamAsync(Stream, TransportContext?, CancellationToken)"/> once; it
/// flushes at once, so the request headers reach the server before the first message (a server may wait
/// for them before answering), hands the request stream to the writer, and returns when the caller
/// completes the request stream, which is when the HTTP stack sends END_STREAM.
/// </summary>
internal sealed class StreamingRequestContent : HttpContent
{
    private readonly TaskCompletionSource<Stream> _stream = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _complete = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes with the request body stream once the headers are sent; cancelled if the call ends first.</summary>
    public Task<Stream> StreamTask => _stream.Task;

    /// <summary>Completes when the body has ended (or the call ended without it).</summary>
    public Task Done => _done.Task;

    /// <summary>Ends the body: the HTTP stack sends END_STREAM once the serialization returns.</summary>
    public void Complete() => _complete.TrySetResult();

    /// <summary>
    /// The call has ended: release anyone waiting for the stream or the end of the body. A body the
    /// caller had not completed fails rather than ends, so the HTTP stack resets the stream
    /// (RST_STREAM) instead of sending END_STREAM: the server must see a cancelled call, not a
    /// finished request stream.
    /// </summary>
    public void Abort()
    {
        _stream.TrySetCanceled();
        _complete.TrySetException(new OperationCanceledException("The call ended before its request stream was completed."));
        _done.TrySetResult();
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        try
        {
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            _stream.TrySetResult(stream);
            await _complete.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _done.TrySetResult();
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
