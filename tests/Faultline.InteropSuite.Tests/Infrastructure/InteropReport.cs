using System.Collections.Concurrent;
using Xunit.Sdk;

namespace Faultline.InteropSuite.Tests.Infrastructure;

/// <summary>
/// One line per (pair, case), e.g. <c>PASS [python->faultline] ping_pong</c>. It goes to the test's
/// output, to stdout, and as an xUnit diagnostic message (xunit.runner.json turns those on), which is
/// what <c>dotnet test</c> prints in CI logs: <c>[xUnit.net 00:00:03.21] ... PASS [pair] case</c>.
/// Each pair's fixture prints a summary line when its tests are done.
/// </summary>
public sealed class InteropReport(IMessageSink sink)
{
    private readonly ConcurrentDictionary<string, ConcurrentBag<(string Case, bool Passed)>> _results = new();

    /// <summary>Writes the PASS/FAIL line and fails the test (with <paramref name="details"/>) unless it passed.</summary>
    public void Verdict(ITestOutputHelper output, string pair, string @case, IReadOnlyList<string> problems, string? note, Func<string> details)
    {
        var passed = problems.Count == 0;
        var line = passed
            ? $"PASS [{pair}] {@case}{(note is null ? "" : $" ({note})")}"
            : $"FAIL [{pair}] {@case}: {string.Join("; ", problems)}";
        Record(pair, @case, passed);
        Write(output, line);
        if (!passed)
        {
            throw new XunitException($"{line}\n{details()}");
        }
    }

    /// <summary>Counts a case's result for the pair's summary line.</summary>
    public void Record(string pair, string @case, bool passed) => _results.GetOrAdd(pair, _ => new()).Add((@case, passed));

    /// <summary>Writes a line to the test output, stdout and the xUnit diagnostics.</summary>
    public void Write(ITestOutputHelper? output, string line)
    {
        output?.WriteLine(line);
        Console.WriteLine(line);
        sink.OnMessage(new DiagnosticMessage(line));
    }

    /// <summary>Per pair: how many cases passed, and which failed.</summary>
    public void WriteSummary()
    {
        foreach (var (pair, results) in _results.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            var failed = results.Where(r => !r.Passed).Select(r => r.Case).Order(StringComparer.Ordinal).ToList();
            Write(null, $"SUMMARY [{pair}] {results.Count(r => r.Passed)}/{results.Count} cases passed{(failed.Count > 0 ? "; failed: " + string.Join(", ", failed) : "")}");
        }
    }
}
