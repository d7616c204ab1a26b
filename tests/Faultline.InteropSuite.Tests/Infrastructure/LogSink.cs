using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Faultline.InteropSuite.Tests.Infrastructure;

/// <summary>Records what the Faultline server logs, so a test can fail on an error it did not expect.</summary>
public sealed class LogSink : ILoggerProvider
{
    private readonly ConcurrentQueue<LogRecord> _records = new();

    public IReadOnlyCollection<LogRecord> Records => _records.ToArray();

    public IReadOnlyList<LogRecord> Errors => _records.Where(r => r.Level >= LogLevel.Error).ToList();

    public void Clear() => _records.Clear();

    public ILogger CreateLogger(string categoryName) => new SinkLogger(this, categoryName);

    public void Dispose()
    {
    }

    public sealed record LogRecord(string Category, LogLevel Level, string? EventName, string Message, Exception? Exception)
    {
        public override string ToString() => $"[{Level}] {Category} {EventName}: {Message} {Exception?.GetType().Name}: {Exception?.Message}";
    }

    private sealed class SinkLogger(LogSink sink, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            sink._records.Enqueue(new LogRecord(category, logLevel, eventId.Name, formatter(state, exception), exception));
    }
}
