using System.Globalization;
using System.Text;
using Faultline.Bench;

namespace Faultline.LoadTest;

/// <summary>
/// The Markdown report: medians per scenario, the targets of docs/performance.md, and every round.
/// Throughput (req/s) is what the targets name; the server's CPU time per call is shown beside it
/// because it moves less when neighbours on the machine take CPU from the server's core, and so is
/// how busy the server's core was (req/s × CPU per call): well under 100% means the server was not
/// the bottleneck of that run.
/// </summary>
internal static class Report
{
    private static readonly (string Name, string Scenario, string Reference, double Ratio, bool AsPercent)[] Targets =
    [
        ("Faultline success ≥ 97% of bare grpc-dotnet success", "faultline-success", Scenario.Baseline, 0.97, true),
        ("Faultline SetRichStatus error ≥ 2× grpc-dotnet's thrown ToRpcException()", "faultline-error-set", "bare-error", 2.0, false),
        ("Faultline thrown ResourceExhaustedException ≥ grpc-dotnet's thrown ToRpcException()", "faultline-error-throw", "bare-error", 1.0, false),
    ];

    public static string Render(LoadSettings settings, IReadOnlyList<Scenario> scenarios, IReadOnlyList<Measurement> measurements)
    {
        var byScenario = scenarios.ToDictionary(scenario => scenario.Name, scenario => measurements.Where(m => m.Scenario == scenario).ToList());
        double MedianRps(string name) => Median(byScenario[name].Select(m => m.Load.RequestsPerSecond));
        double MedianCpu(string name) => Median(byScenario[name].Select(m => m.CpuMicrosecondsPerCall));

        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"h2load: {settings.Clients} client(s) × {settings.Streams} concurrent streams, {settings.DurationSeconds} s per run, {settings.Rounds} rounds after a {settings.WarmupSeconds} s warm-up of each scenario; servers on CPU {settings.ServerCpu}, h2load on CPU {settings.LoadCpu}; server logging: {settings.ServerLogging}. Request: a {BenchRequest.MessageSize}-byte message ({BenchRequest.MessageSize + 5} bytes framed).");
        text.AppendLine();
        text.AppendLine("| Scenario | Server and handler | Median req/s | Range req/s | vs bare success | Server CPU µs/call | Server core busy | Server B/call | Mean latency ms |");
        text.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        var hasBaseline = byScenario.ContainsKey(Scenario.Baseline);
        foreach (var scenario in scenarios)
        {
            var runs = byScenario[scenario.Name];
            var rps = runs.Select(m => m.Load.RequestsPerSecond).ToList();
            var ratio = hasBaseline ? Percent(MedianRps(scenario.Name) / MedianRps(Scenario.Baseline)) : "n/a";
            text.AppendLine(CultureInfo.InvariantCulture, $"| {scenario.Name} | {scenario.Description} | {MedianRps(scenario.Name):N0} | {rps.Min():N0}–{rps.Max():N0} | {ratio} | {MedianCpu(scenario.Name):F1} | {Percent(Median(runs.Select(m => m.Load.RequestsPerSecond * m.CpuMicrosecondsPerCall / 1e6)))} | {Median(runs.Select(m => m.BytesPerCall)):N0} | {Median(runs.Select(m => m.Load.MeanLatencyMs)):F2} |");
        }

        text.AppendLine();
        text.AppendLine("| Target | By median req/s | Median of per-round req/s ratios | By server CPU per call | Status (median req/s) |");
        text.AppendLine("| --- | ---: | ---: | ---: | --- |");
        foreach (var (name, scenario, reference, target, asPercent) in Targets)
        {
            if (!byScenario.ContainsKey(scenario) || !byScenario.ContainsKey(reference))
            {
                continue;
            }

            var byRps = MedianRps(scenario) / MedianRps(reference);
            // Each round runs both scenarios minutes apart at most, so their ratio within a round
            // shares that round's conditions.
            var byRound = Median(byScenario[scenario].Join(byScenario[reference], m => m.Round, m => m.Round, (a, b) => a.Load.RequestsPerSecond / b.Load.RequestsPerSecond));
            var byCpu = MedianCpu(reference) / MedianCpu(scenario);
            Func<double, string> shown = asPercent ? Percent : Times;
            text.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {shown(byRps)} | {shown(byRound)} | {shown(byCpu)} | {(byRps >= target ? "met" : "missed")} |");
        }

        text.AppendLine();
        text.AppendLine("Every round, req/s (the order rotates by one scenario per round):");
        text.AppendLine();
        text.AppendLine("| Round | " + string.Join(" | ", scenarios.Select(s => s.Name)) + " |");
        text.AppendLine("| ---: | " + string.Join(" | ", scenarios.Select(_ => "---:")) + " |");
        for (var round = 1; round <= settings.Rounds; round++)
        {
            var cells = scenarios.Select(s => byScenario[s.Name].Single(m => m.Round == round) is var m ? m.Load.RequestsPerSecond.ToString("N0", CultureInfo.InvariantCulture) + (m.HasErrors ? " (errors)" : string.Empty) : string.Empty);
            text.AppendLine(CultureInfo.InvariantCulture, $"| {round} | {string.Join(" | ", cells)} |");
        }

        return text.ToString();
    }

    private static string Percent(double ratio) => ratio.ToString("P1", CultureInfo.InvariantCulture);

    private static string Times(double ratio) => ratio.ToString("F2", CultureInfo.InvariantCulture) + "×";

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0)
        {
            return double.NaN;
        }

        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
