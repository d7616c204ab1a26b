using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Faultline.Testing;

/// <summary>
/// An in-memory <see cref="ILoggerProvider"/>: what a server under test logs, for a test to assert
/// (an error it expected, none it did not) or to show when it fails.
/// </summary>
/// <param name="minimumLevel">The lowest level recorded; Debug by default, where Faultline logs each failed call.</param>
public sealed class LogCapture(LogLevel minimumLevel = LogLevel.Debug) : ILoggerProvider
{
    private readonly LogLevel _minimumLevel = minimumLevel;
    private readonly ConcurrentQueue<CapturedLog> _records = new();
    private readonly List<(Func<CapturedLog, bool> Match, TaskCompletionSource<CapturedLog> Found)> _waiters = [];

    /// <summary>Every record so far, oldest first.</summary>
    public IReadOnlyList<CapturedLog> Records => [.. _records];

    /// <summary>The records at Error and above.</summary>
    public IReadOnlyList<CapturedLog> Errors => [.. _records.Where(r => r.Level >= LogLevel.Error)];

    /// <summary>The records of an event, by name (e.g. <c>UnexpectedException</c>).</summary>
    public IReadOnlyList<CapturedLog> OfEvent(string eventName) => [.. _records.Where(r => r.EventId.Name == eventName)];

    /// <summary>Forgets the records so far.</summary>
    public void Clear() => _records.Clear();

    /// <summary>
    /// The first record, logged before or after the call, that <paramref name="match"/> accepts: for
    /// what the server logs after the client has already seen the end of its call (a cancellation).
    /// </summary>
    /// <param name="match">Which record.</param>
    /// <param name="timeout">How long to wait before failing; 10 seconds by default. Not a measure: a bound on a hang.</param>
    /// <exception cref="TimeoutException">No such record was logged in time; the message lists what was.</exception>
    public async Task<CapturedLog> WaitForAsync(Func<CapturedLog, bool> match, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(match);
        var waiter = (Match: match, Found: new TaskCompletionSource<CapturedLog>(TaskCreationOptions.RunContinuationsAsynchronously));
        lock (_waiters)
        {
            // Checked under the lock that Log takes to signal, so a record logged meanwhile is not missed.
            if (_records.FirstOrDefault(match) is { } logged)
            {
                return logged;
            }

            _waiters.Add(waiter);
        }

        try
        {
            return await waiter.Found.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException("No matching log record was written; the log:\n" + string.Join("\n", _records));
        }
        finally
        {
            lock (_waiters)
            {
                _waiters.Remove(waiter);
            }
        }
    }

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new CapturingLogger(this, categoryName);

    /// <inheritdoc />
    public void Dispose()
    {
    }

    /// <inheritdoc />
    public override string ToString() => string.Join("\n", _records);

    private void Add(CapturedLog record)
    {
        lock (_waiters)
        {
            _records.Enqueue(record);
            foreach (var waiter in _waiters)
            {
                if (waiter.Match(record))
                {
                    waiter.Found.TrySetResult(record);
                }
            }
        }
    }

    private sealed class CapturingLogger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= capture._minimumLevel && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                capture.Add(new CapturedLog(category, logLevel, eventId, formatter(state, exception), exception));
            }
        }
    }
}
