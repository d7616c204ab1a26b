using Microsoft.Extensions.Logging;

namespace FrontAndUsers;

/// <summary>
/// Writes a service's log entries to the console as they happen, one line each (plus the exception,
/// if any), tagged with the service's name: the demo's output then reads in the order things happened.
/// </summary>
public sealed class ServiceConsoleLoggerProvider(string service) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new ServiceConsoleLogger(service, categoryName);

    public void Dispose()
    {
    }

    private sealed class ServiceConsoleLogger(string service, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            // Information is the sample's own narration; anything louder names its level and source.
            var source = logLevel == LogLevel.Information ? string.Empty : $"{logLevel} {category}: ";
            var line = $"  [{service}] {source}{formatter(state, exception)}";
            Console.WriteLine(exception is null ? line : $"{line}{Environment.NewLine}{exception}");
        }
    }
}
