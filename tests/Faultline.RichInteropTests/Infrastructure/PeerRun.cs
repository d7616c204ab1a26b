using System.Text.Json;

namespace Faultline.RichInteropTests.Infrastructure;

/// <summary>
/// The parsed output of one peer client run over many case ids (python/rich_client.py or
/// go/rich_client.go), one line per finding: <c>PASS &lt;id&gt;</c>, <c>FAIL &lt;id&gt;: &lt;reason&gt;</c>
/// (continued on lines indented by four spaces), <c>READ &lt;id&gt; &lt;json&gt;</c> (<see cref="PeerRead"/>)
/// and <c>STRICT &lt;id&gt; &lt;json&gt;</c> (what a strict from_call made of the call).
/// </summary>
public sealed class PeerRun
{
    private readonly Dictionary<string, string?> _outcomes = [];
    private readonly Dictionary<string, PeerRead> _reads = [];
    private readonly Dictionary<string, StrictOutcome> _strict = [];

    private PeerRun(string name, ProcessResult process)
    {
        Name = name;
        Process = process;
    }

    public string Name { get; }

    public ProcessResult Process { get; }

    /// <summary>Case id → null when the peer's own checks passed, else the failure reason.</summary>
    public IReadOnlyDictionary<string, string?> Outcomes => _outcomes;

    public IReadOnlyDictionary<string, PeerRead> Reads => _reads;

    public IReadOnlyDictionary<string, StrictOutcome> Strict => _strict;

    /// <summary>Whether the run ended normally: exit code 0 (all passed) or 1 (some failed), no traceback or panic.</summary>
    public bool Completed =>
        !Process.TimedOut && Process.ExitCode is 0 or 1
        && !Process.Stderr.Contains("Traceback", StringComparison.Ordinal)
        && !Process.Stderr.Contains("panic:", StringComparison.Ordinal);

    /// <summary>The read of <paramref name="caseId"/>, failing with the run's output when there is none.</summary>
    public PeerRead ReadOf(string caseId)
    {
        Assert.True(_reads.TryGetValue(caseId, out var read), $"{Name} reported no READ line for {caseId}.\n{Excerpt(caseId)}");
        return read;
    }

    /// <summary>The process's exit, its stdout lines about <paramref name="caseId"/> only, and all its stderr: for failure messages.</summary>
    public string Excerpt(string caseId)
    {
        var lines = new List<string>();
        var inCase = false;
        foreach (var line in Process.Stdout.Split('\n'))
        {
            if (!line.StartsWith("    ", StringComparison.Ordinal))
            {
                var words = line.Split(' ', 3);
                inCase = words.Length > 1 && words[1].TrimEnd(':') == caseId;
            }

            if (inCase)
            {
                lines.Add(line);
            }
        }

        return $"--- {Name}: exit code {Process.ExitCode}{(Process.TimedOut ? " (killed: timed out)" : "")}; stdout lines for {caseId}:\n" +
            $"{(lines.Count == 0 ? "<none>" : string.Join("\n", lines))}\n--- {Name}: stderr ---\n{Process.Stderr}";
    }

    public static PeerRun Parse(string name, ProcessResult process)
    {
        var run = new PeerRun(name, process);
        string? failing = null;
        foreach (var line in process.Stdout.Split('\n').Select(l => l.TrimEnd('\r')))
        {
            if (line.StartsWith("    ", StringComparison.Ordinal) && failing is not null)
            {
                run._outcomes[failing] += "\n" + line[4..];
                continue;
            }

            failing = null;
            var words = line.Split(' ', 3);
            switch (words[0])
            {
                case "PASS" when words.Length >= 2:
                    run._outcomes[words[1]] = null;
                    break;
                case "FAIL" when words.Length >= 2:
                    failing = words[1].TrimEnd(':');
                    run._outcomes[failing] = words.Length == 3 ? words[2] : "(no reason)";
                    break;
                case "READ" when words.Length == 3:
                    run._reads[words[1]] = PeerRead.Parse(words[2]);
                    break;
                case "STRICT" when words.Length == 3:
                    run._strict[words[1]] = StrictOutcome.Parse(words[2]);
                    break;
            }
        }

        return run;
    }
}

/// <summary>
/// What a strict reader made of a call's details trailer: <c>ok</c> (accepted), <c>none</c> (no
/// trailer), <c>mismatch_code</c> or <c>mismatch_message</c> (from_call's ValueError, code checked
/// first), <c>malformed</c> (the bytes do not parse); with the call's code and message.
/// </summary>
public sealed record StrictOutcome(string Outcome, int Code, string Message, string Error)
{
    public static StrictOutcome Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        return new StrictOutcome(root.GetProperty("outcome").GetString()!, root.GetProperty("code").GetInt32(), root.GetProperty("message").GetString()!, root.GetProperty("error").GetString()!);
    }
}
