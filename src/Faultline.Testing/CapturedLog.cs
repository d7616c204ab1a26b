using Microsoft.Extensions.Logging;

namespace Faultline.Testing;

/// <summary>One message a server under test logged, as <see cref="LogCapture"/> recorded it.</summary>
/// <param name="Category">The logger's category, e.g. <c>Faultline.AspNetCore.Server</c>.</param>
/// <param name="Level">The level.</param>
/// <param name="EventId">The event id; Faultline's have stable ids and names (<c>UnexpectedException</c>, <c>CallCancelled</c>...).</param>
/// <param name="Message">The formatted message.</param>
/// <param name="Exception">The exception logged with it, if any.</param>
public sealed record CapturedLog(string Category, LogLevel Level, EventId EventId, string Message, Exception? Exception)
{
    /// <inheritdoc />
    public override string ToString() => $"[{Level}] {Category} {EventId.Name}: {Message}{(Exception is null ? string.Empty : " " + Exception)}";
}
