using Microsoft.Extensions.Logging;

namespace Faultline.InteropSuite.Tests.Infrastructure;

/// <summary>
/// Faultline behaviour the interop suite found wrong (see docs/interop.md, "Known issue"), which the
/// per-case tests tolerate so that they keep showing the interop picture.
/// </summary>
public static class KnownIssues
{
    /// <summary>
    /// A client's RST_STREAM while the method reads the request stream fails the read with Kestrel's
    /// "IOException: The client reset the request stream." at once, while Kestrel cancels the call's
    /// token a moment later, from the thread pool. src/Faultline.AspNetCore/Internal/ExceptionStatusMapper.cs
    /// takes an IOException for a cancellation only when that token is already cancelled, so when the
    /// read's failure wins the race (seen under load, e.g. cancel_after_begin over TLS with other clients
    /// running) it logs an UnexpectedException error and ends the call UNKNOWN instead of CANCELLED. The
    /// client has gone and sees CANCELLED either way.
    /// </summary>
    public static bool IsClientResetLoggedAsError(LogSink.LogRecord record) =>
        record.Level >= LogLevel.Error && record.EventName == "UnexpectedException" && record.Exception is IOException;
}
