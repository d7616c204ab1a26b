using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Faultline.LoadTest;

/// <summary>What one h2load run reported.</summary>
internal sealed record H2LoadResult(double RequestsPerSecond, long Succeeded, long Failed, long Errored, long NonSuccessStatuses, double MeanLatencyMs);

/// <summary>
/// Runs h2load (Debian's nghttp2-client) pinned to one core: unary gRPC calls over h2c, each
/// posting the same framed request, for a fixed time. h2load sees HTTP only; the gRPC status of
/// each scenario is checked beforehand by <see cref="SanityCheck"/>.
/// </summary>
internal static partial class H2Load
{
    public static async Task<H2LoadResult> RunAsync(LoadSettings settings, int cpu, int port, string path, string requestFile, int seconds)
    {
        var start = new ProcessStartInfo("taskset") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])
            [
                "-c", cpu.ToString(CultureInfo.InvariantCulture), "h2load",
                "-c", settings.Clients.ToString(CultureInfo.InvariantCulture),
                "-m", settings.Streams.ToString(CultureInfo.InvariantCulture),
                "-t", "1",
                "-D", seconds.ToString(CultureInfo.InvariantCulture),
                "-d", requestFile,
                "-H", "content-type: application/grpc",
                "-H", "te: trailers",
                $"http://127.0.0.1:{port}{path}",
            ])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("h2load did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds + 30));
        await process.WaitForExitAsync(timeout.Token);
        var text = await output;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"h2load failed ({process.ExitCode}): {text}{await errors}");
        }

        return Parse(text);
    }

    public static H2LoadResult Parse(string output)
    {
        var finished = Finished().Match(output);
        var requests = Requests().Match(output);
        var statuses = StatusCodes().Match(output);
        var latency = RequestTime().Match(output);
        if (!finished.Success || !requests.Success || !statuses.Success || !latency.Success)
        {
            throw new InvalidOperationException($"Unexpected h2load output:\n{output}");
        }

        long Number(Match match, string group) => long.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);
        var nonSuccess = Number(statuses, "s3") + Number(statuses, "s4") + Number(statuses, "s5");
        var meanLatency = double.Parse(latency.Groups["mean"].Value, CultureInfo.InvariantCulture) * (latency.Groups["unit"].Value switch { "us" => 0.001, "ms" => 1, _ => 1000 });
        return new H2LoadResult(
            double.Parse(finished.Groups["rps"].Value, CultureInfo.InvariantCulture),
            Number(requests, "succeeded"),
            Number(requests, "failed"),
            Number(requests, "errored"),
            nonSuccess,
            meanLatency);
    }

    [GeneratedRegex(@"finished in [\d.]+\w+, (?<rps>[\d.]+) req/s")]
    private static partial Regex Finished();

    [GeneratedRegex(@"requests: \d+ total, \d+ started, \d+ done, (?<succeeded>\d+) succeeded, (?<failed>\d+) failed, (?<errored>\d+) errored")]
    private static partial Regex Requests();

    [GeneratedRegex(@"status codes: \d+ 2xx, (?<s3>\d+) 3xx, (?<s4>\d+) 4xx, (?<s5>\d+) 5xx")]
    private static partial Regex StatusCodes();

    // min, max, mean: "time for request:    60us   12.3ms   1.23ms ..."
    [GeneratedRegex(@"time for request:\s+\S+\s+\S+\s+(?<mean>[\d.]+)(?<unit>us|ms|s)\b")]
    private static partial Regex RequestTime();
}
