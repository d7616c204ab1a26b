using Grpc.Core;

namespace Faultline.Client.Internal.Interception;

/// <summary>
/// One attempt of an intercepted call: the call object the layer below returned for it, and the
/// report, once, of how it ended.
/// </summary>
internal abstract class CallAttempt(ClientCall call)
{
    private object? _endStatus;

    /// <summary>True once the attempt ended with a failure (not OK, not running).</summary>
    public bool HasFailed => Volatile.Read(ref _endStatus) is Status { StatusCode: not StatusCode.OK };

    public abstract Task<Metadata> ResponseHeadersAsync { get; }

    public abstract Status GetStatus();

    public abstract Metadata GetTrailers();

    /// <summary>Ends the attempt: its response arrived, or its response stream ended, so its status is OK.</summary>
    public void EndOk() => End(TryGetStatus(out var status) ? status : Status.DefaultSuccess);

    /// <summary>Ends the attempt with the failure it threw: the call's own status when it has one, else what the exception says.</summary>
    public void EndWith(Exception exception) =>
        End(TryGetStatus(out var status) && status.StatusCode != StatusCode.OK ? status : AttemptStatus.Of(exception));

    /// <summary>Cancels the attempt if it is still running; an attempt that had not ended ends here.</summary>
    public void Dispose()
    {
        DisposeCall();
        if (Volatile.Read(ref _endStatus) is null)
        {
            End(TryGetStatus(out var status) ? status : AttemptStatus.Abandoned);
        }
    }

    protected abstract void DisposeCall();

    private bool TryGetStatus(out Status status)
    {
        try
        {
            status = GetStatus();
            return true;
        }
        catch (InvalidOperationException)
        {
            status = default;
            return false;
        }
    }

    private void End(Status status)
    {
        if (Interlocked.CompareExchange(ref _endStatus, status, null) is null)
        {
            call.ReportAttemptEnded(status);
        }
    }
}
