using Microsoft.Extensions.Logging;

namespace Faultline.InteropSuite.Tests.Infrastructure;

/// <summary>
/// Faultline behaviour the interop suite found wrong, pinned by its own failing test so the
/// per-case tests keep showing the interop picture (see ServerCancellationTests and docs/interop.md).
/// </summary>
public static class KnownIssues
{
    /// <summary>
    /// A client's RST_STREAM while the method reads the request stream surfaces as Kestrel's
    /// "IOException: The client reset the request stream." which Faultline's ExceptionStatusMapper
    /// treats as an unhandled exception: it logs an Error and ends the call UNKNOWN instead of CANCELLED.
    /// </summary>
    public static bool IsClientResetLoggedAsError(LogSink.LogRecord record) =>
        record.Level >= LogLevel.Error && record.Exception is IOException && record.Message.Contains("Unhandled exception", StringComparison.Ordinal);
}
