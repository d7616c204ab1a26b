using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Faultline.TestInfrastructure;

/// <summary>
/// Records what a Faultline server under test logs, so a test can fail on an error it did not expect
/// and failure messages can show the log.
/// </summary>
/// <param name="minimumLevel">The lowest level recorded (Debug by default: the Faultline and Kestrel HTTP/2 detail).</param>
/// <param name="fullExceptions">
/// Whether a record's text includes the whole exception (stack trace, inner exceptions) or only its
/// type and message; the interop suite prints every record in its failure messages, so it keeps them short.
/// </param>
public sealed class LogSink(LogLevel minimumLevel = LogLevel.Debug, bool fullExceptions = true) : ILoggerProvider
{
    private readonly ConcurrentQueue<LogRecord> _records = new();
    private readonly LogLevel _minimumLevel = minimumLevel;
    private readonly bool _fullExceptions = fullExceptions;

    public IReadOnlyCollection<LogRecord> Records => _records.ToArray();

    /// <summary>Errors logged (Error and above).</summary>
    public IReadOnlyList<LogRecord> Errors => _records.Where(r => r.Level >= LogLevel.Error).ToList();

    public void Clear() => _records.Clear();

    /// <summary>
    /// For failure messages: the records at <paramref name="atLeast"/> or above, plus every record of
    /// Faultline's and Kestrel's HTTP/2 categories (the protocol detail), one a line.
    /// </summary>
    public string Describe(LogLevel atLeast) =>
        string.Join("\n", _records.Where(r => r.Level >= atLeast || r.Category.StartsWith("Faultline", StringComparison.Ordinal) || r.Category.Contains("Kestrel.Http2", StringComparison.Ordinal)));

    public ILogger CreateLogger(string categoryName) => new SinkLogger(this, categoryName);

    public void Dispose()
    {
    }

    /// <summary>Fails when an error was logged whose event name is not in <paramref name="expectedEventNames"/>.</summary>
    public void AssertNoUnexpectedErrors(params string[] expectedEventNames)
    {
        var unexpected = Errors.Where(r => !expectedEventNames.Contains(r.EventName)).ToList();
        Assert.True(unexpected.Count == 0, "Server logged unexpected errors:\n" + string.Join("\n", unexpected));
    }

    public sealed record LogRecord(string Category, LogLevel Level, string? EventName, string Message, Exception? Exception)
    {
        /// <summary>Set from the sink's <c>fullExceptions</c>: how <see cref="ToString"/> shows the exception.</summary>
        internal bool FullException { get; init; } = true;

        public override string ToString() => FullException
            ? $"[{Level}] {Category} {EventName}: {Message} {Exception}"
            : $"[{Level}] {Category} {EventName}: {Message} {Exception?.GetType().Name}: {Exception?.Message}";
    }

    private sealed class SinkLogger(LogSink sink, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= sink._minimumLevel;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            sink._records.Enqueue(new LogRecord(category, logLevel, eventId.Name, formatter(state, exception), exception) { FullException = sink._fullExceptions });
    }
}
