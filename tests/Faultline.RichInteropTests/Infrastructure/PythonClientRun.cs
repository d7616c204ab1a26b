using System.Text.Json;

namespace Faultline.RichInteropTests.Infrastructure;

/// <summary>
/// The parsed output of one rich_client.py run: per case id, PASS or FAIL (with the reason) and the
/// DETAILS it read (code, message, raw trailer, re-serialized status, details as type URL + bytes).
/// </summary>
public sealed class PythonClientRun
{
    private PythonClientRun(ProcessResult process, Dictionary<string, string?> outcomes, Dictionary<string, PythonRead> reads)
    {
        Process = process;
        Outcomes = outcomes;
        Reads = reads;
    }

    public ProcessResult Process { get; }

    /// <summary>Case id → null when it passed, else the failure reason.</summary>
    public IReadOnlyDictionary<string, string?> Outcomes { get; }

    /// <summary>Case id → what the Python client read (only for cases that passed).</summary>
    public IReadOnlyDictionary<string, PythonRead> Reads { get; }

    /// <summary>The process's exit, its stdout lines about <paramref name="caseId"/> only, and all its stderr: for failure messages.</summary>
    public string Excerpt(string caseId)
    {
        var lines = new List<string>();
        var inCase = false;
        foreach (var line in Process.Stdout.Split('\n'))
        {
            if (!line.StartsWith("    ", StringComparison.Ordinal))
            {
                inCase = line.StartsWith($"PASS {caseId}", StringComparison.Ordinal) || line.StartsWith($"FAIL {caseId}:", StringComparison.Ordinal) || line.StartsWith($"DETAILS {caseId} ", StringComparison.Ordinal);
            }

            if (inCase)
            {
                lines.Add(line);
            }
        }

        return $"rich_client.py: exit code {Process.ExitCode}{(Process.TimedOut ? " (killed: timed out)" : "")}\n" +
            $"--- stdout lines for {caseId} ---\n{(lines.Count == 0 ? "<none>" : string.Join("\n", lines))}\n--- stderr ---\n{Process.Stderr}";
    }

    public static PythonClientRun Parse(ProcessResult process)
    {
        var outcomes = new Dictionary<string, string?>();
        var reads = new Dictionary<string, PythonRead>();
        string? failing = null;
        foreach (var line in process.Stdout.Split('\n'))
        {
            if (line.StartsWith("    ", StringComparison.Ordinal) && failing is not null)
            {
                outcomes[failing] += "\n" + line[4..];
                continue;
            }

            failing = null;
            if (line.StartsWith("PASS ", StringComparison.Ordinal))
            {
                outcomes[line[5..].Trim()] = null;
            }
            else if (line.StartsWith("FAIL ", StringComparison.Ordinal))
            {
                var colon = line.IndexOf(": ", StringComparison.Ordinal);
                failing = colon < 0 ? line[5..].Trim() : line[5..colon];
                outcomes[failing] = colon < 0 ? "(no reason)" : line[(colon + 2)..];
            }
            else if (line.StartsWith("DETAILS ", StringComparison.Ordinal))
            {
                var space = line.IndexOf(' ', 8);
                reads[line[8..space]] = PythonRead.Parse(line[(space + 1)..]);
            }
        }

        return new PythonClientRun(process, outcomes, reads);
    }
}

/// <summary>What the Python client read for one case.</summary>
public sealed record PythonRead(int Code, string Message, byte[]? Raw, byte[]? Reserialized, IReadOnlyList<(string TypeUrl, byte[] Value)> Details)
{
    public static PythonRead Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        return new PythonRead(
            root.GetProperty("code").GetInt32(),
            root.GetProperty("message").GetString()!,
            Bytes(root.GetProperty("raw")),
            Bytes(root.GetProperty("reserialized")),
            root.GetProperty("details").EnumerateArray().Select(d => (d[0].GetString()!, Convert.FromBase64String(d[1].GetString()!))).ToList());
    }

    private static byte[]? Bytes(JsonElement element) =>
        element.ValueKind == JsonValueKind.Null ? null : Convert.FromBase64String(element.GetString()!);
}
