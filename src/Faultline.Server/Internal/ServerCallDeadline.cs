namespace Faultline.Server.Internal;

/// <summary>
/// Fires once when a call's deadline passes. System timers cap a due time at about 49.7 days, so a
/// longer deadline re-arms the timer until the deadline is really reached.
/// </summary>
internal sealed class ServerCallDeadline : IDisposable
{
    private static readonly TimeSpan MaxTimerDueTime = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    // Fire slightly late rather than early: re-arming for a remainder of a few ticks would spin.
    private static readonly TimeSpan Epsilon = TimeSpan.FromMilliseconds(1);

    private readonly DateTime _deadlineUtc;
    private readonly Action _onExceeded;
    private readonly ITimer _timer;
    private readonly TimeProvider _time;

    public ServerCallDeadline(DateTime deadlineUtc, Action onExceeded, TimeProvider time)
    {
        _deadlineUtc = deadlineUtc;
        _onExceeded = onExceeded;
        _time = time;
        _timer = time.CreateTimer(static state => ((ServerCallDeadline)state!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        Arm();
    }

    public void Dispose() => _timer.Dispose();

    private void Arm()
    {
        var remaining = _deadlineUtc - _time.GetUtcNow().UtcDateTime;
        if (remaining <= TimeSpan.Zero)
        {
            remaining = TimeSpan.Zero;
        }

        _timer.Change(remaining > MaxTimerDueTime ? MaxTimerDueTime : remaining, Timeout.InfiniteTimeSpan);
    }

    private void OnTimer()
    {
        if (_deadlineUtc - _time.GetUtcNow().UtcDateTime > Epsilon)
        {
            Arm();
            return;
        }

        // Timer callbacks must never throw: an exception here would crash the process.
        try
        {
            _onExceeded();
        }
        catch
        {
            // The callback logs its own failures.
        }
    }
}
