using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;
using Faultline.Bench;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Faultline.LoadTest;

internal sealed record LoadTestOptions(
    TimeSpan Duration,
    TimeSpan Warmup,
    int Concurrency,
    int Connections,
    int PayloadBytes,
    int Rounds,
    long MaxCalls,
    IReadOnlyList<string> Servers,
    bool AllocationProfile);

/// <summary>
/// Starts the servers in this process and measures them one after the other, rotating the order
/// every round (raw, faultline; faultline, raw; ...), so drift and background load hit all alike.
/// </summary>
internal static class LoadTestRunner
{
    private const string Baseline = "raw";
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan InitialWarmup = TimeSpan.FromSeconds(3);

    public static async Task<int> RunAsync(LoadTestOptions options, CancellationToken cancellationToken)
    {
        var frame = BuildFrame(options.PayloadBytes);
        PrintEnvironment(options, frame.Length);
        using var sampler = options.AllocationProfile ? new AllocationSampler() : null;

        var servers = new List<BenchServer>();
        try
        {
            foreach (var kind in options.Servers)
            {
                servers.Add(await BenchServer.StartAsync(kind).ConfigureAwait(false));
            }

            using var generator = new LoadGenerator(options.Connections, frame);

            // Fail fast, before any timing, if a server does not answer correctly.
            foreach (var server in servers)
            {
                if (await generator.CallOnceAsync(Target(server), cancellationToken).ConfigureAwait(false) is { } error)
                {
                    Console.Error.WriteLine($"{server.Name} ({server.Address}) failed a sanity call: {error}");
                    return 2;
                }
            }

            // JIT tiering of the client and of each server: a longer, unmeasured run of each first.
            foreach (var server in servers)
            {
                await generator.RunAsync(server.Name, Target(server), InitialWarmup, options.Concurrency, options.MaxCalls, CallTimeout).ConfigureAwait(false);
            }

            var results = new List<(int Round, PhaseResult Result)>();
            Console.WriteLine("| round | server | calls/s | p50 ms | p99 ms | CPU µs/call | alloc B/call | GCs 0/1/2 | errors |");
            Console.WriteLine("|---:|---|---:|---:|---:|---:|---:|---|---:|");
            for (var round = 1; round <= options.Rounds; round++)
            {
                var shift = (round - 1) % servers.Count;
                foreach (var server in servers.Skip(shift).Concat(servers.Take(shift)))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    generator.NewConnections();
                    if (options.Warmup > TimeSpan.Zero)
                    {
                        await generator.RunAsync(server.Name, Target(server), options.Warmup, options.Concurrency, options.MaxCalls, CallTimeout).ConfigureAwait(false);
                    }

                    sampler?.Label = server.Name;
                    var result = await generator.RunAsync(server.Name, Target(server), options.Duration, options.Concurrency, options.MaxCalls, CallTimeout).ConfigureAwait(false);
                    sampler?.Label = null;
                    results.Add((round, result));
                    Console.WriteLine(FormattableString.Invariant(
                        $"| {round} | {result.Server} | {result.CallsPerSecond:N0} | {result.PercentileMs(50):F3} | {result.PercentileMs(99):F3} | {result.CpuMicrosecondsPerCall:F1} | {result.AllocatedBytesPerCall:N0} | {result.Gen0}/{result.Gen1}/{result.Gen2} | {result.Errors} |"));
                }
            }

            var status = Summarize(results);
            if (sampler is not null)
            {
                PrintAllocationProfile(sampler, results);
            }

            Console.WriteLine();
            Console.WriteLine($"Load average (/proc/loadavg) at the end: {LoadAverage()}");
            return status;
        }
        finally
        {
            foreach (var server in servers)
            {
                await server.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static int Summarize(List<(int Round, PhaseResult Result)> results)
    {
        Console.WriteLine();
        Console.WriteLine("Summary over all rounds (calls/s = all successful calls / all measured time; CPU and allocations are the whole process's, client included, per successful call):");
        Console.WriteLine();
        Console.WriteLine("| server | calls | calls/s | p50 ms | p99 ms | CPU µs/call | alloc B/call | errors |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        var callsPerSecond = new Dictionary<string, double>();
        foreach (var group in results.GroupBy(r => r.Result.Server))
        {
            var phases = group.Select(g => g.Result).ToList();
            var successes = phases.Sum(p => p.Successes);
            var latencies = phases.SelectMany(p => p.LatencyTicks).ToArray();
            Array.Sort(latencies);
            var cpu = phases.Sum(p => p.CpuTime.TotalMicroseconds) / Math.Max(1, successes);
            var allocated = (double)phases.Sum(p => p.AllocatedBytes) / Math.Max(1, successes);
            callsPerSecond[group.Key] = successes / phases.Sum(p => p.Elapsed.TotalSeconds);
            Console.WriteLine(FormattableString.Invariant(
                $"| {group.Key} | {successes:N0} | {callsPerSecond[group.Key]:N0} | {PhaseResult.Percentile(latencies, 50):F3} | {PhaseResult.Percentile(latencies, 99):F3} | {cpu:F1} | {allocated:N0} | {phases.Sum(p => p.Errors)} |"));
        }

        if (callsPerSecond.ContainsKey(Baseline))
        {
            Console.WriteLine();
            foreach (var server in callsPerSecond.Keys.Where(k => k != Baseline))
            {
                var ratio = callsPerSecond[server] / callsPerSecond[Baseline];
                var perRound = results.GroupBy(r => r.Round)
                    .Select(g => g.Single(r => r.Result.Server == server).Result.CallsPerSecond / g.Single(r => r.Result.Server == Baseline).Result.CallsPerSecond)
                    .ToList();
                Console.WriteLine(FormattableString.Invariant(
                    $"Ratio {server}/{Baseline}: {ratio:P1} overall, median of rounds {Median(perRound):P1} (per round: {string.Join(", ", perRound.Select(r => r.ToString("P1", CultureInfo.InvariantCulture)))}); target >= 75%: {(ratio >= 0.75 ? "met" : "NOT met")}"));
            }
        }

        var errors = results.Sum(r => r.Result.Errors);
        if (errors > 0)
        {
            foreach (var (round, result) in results.Where(r => r.Result.Errors > 0))
            {
                Console.Error.WriteLine($"round {round}, {result.Server}: {result.Errors} failed call(s); first: {result.FirstError}");
            }

            return 1;
        }

        return results.Any(r => r.Result.Successes == 0) ? 1 : 0;
    }

    private static void PrintAllocationProfile(AllocationSampler sampler, List<(int Round, PhaseResult Result)> results)
    {
        var perCall = results.GroupBy(r => r.Result.Server).ToDictionary(
            g => g.Key,
            g =>
            {
                var calls = (double)Math.Max(1, g.Sum(r => r.Result.Successes));
                return sampler.All(g.Key).ToDictionary(e => e.Type, e => e.Bytes / calls);
            });

        Console.WriteLine();
        Console.WriteLine("Sampled allocations (GCAllocationTick: one sample per ~100 KB allocated, attributed to the type that crossed it), bytes per successful call, client and server together.");
        foreach (var (server, types) in perCall)
        {
            Console.WriteLine();
            Console.WriteLine(FormattableString.Invariant($"{server}: {types.Values.Sum():F0} B/call sampled; top types:"));
            Console.WriteLine();
            Console.WriteLine("| type | B/call |");
            Console.WriteLine("|---|---:|");
            foreach (var (type, bytes) in types.OrderByDescending(t => t.Value).Take(15))
            {
                Console.WriteLine(FormattableString.Invariant($"| `{type}` | {bytes:F0} |"));
            }
        }

        if (!perCall.TryGetValue(Baseline, out var baseline))
        {
            return;
        }

        foreach (var (server, types) in perCall.Where(p => p.Key != Baseline))
        {
            Console.WriteLine();
            Console.WriteLine($"Allocated more per call by {server} than by {Baseline} (the client's share cancels out; small differences are sampling noise):");
            Console.WriteLine();
            Console.WriteLine("| type | B/call |");
            Console.WriteLine("|---|---:|");
            var differences = types.Keys.Union(baseline.Keys)
                .Select(t => (Type: t, Bytes: types.GetValueOrDefault(t) - baseline.GetValueOrDefault(t)))
                .OrderByDescending(d => d.Bytes)
                .Take(20);
            foreach (var (type, bytes) in differences)
            {
                Console.WriteLine(FormattableString.Invariant($"| `{type}` | {bytes:+0;-0;0} |"));
            }
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static Uri Target(BenchServer server) => new(server.Address, EchoMethods.UnaryPath);

    private static byte[] BuildFrame(int payloadBytes)
    {
        var payload = new byte[payloadBytes];
        new Random(42).NextBytes(payload);
        var message = new BytesValue { Value = ByteString.CopyFrom(payload) }.ToByteArray();
        var frame = new byte[5 + message.Length];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)message.Length);
        message.CopyTo(frame, 5);
        return frame;
    }

    private static void PrintEnvironment(LoadTestOptions options, int frameBytes)
    {
        Console.WriteLine(FormattableString.Invariant(
            $"Faultline load test: {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}, {Environment.ProcessorCount} logical CPU(s), {(GCSettings.IsServerGC ? "server" : "workstation")} GC"));
        Console.WriteLine(FormattableString.Invariant(
            $"Client and servers ({string.Join(", ", options.Servers)}) share this process and its CPUs. Unary echo, {options.PayloadBytes} B payload ({frameBytes} B framed), concurrency {options.Concurrency}, {options.Connections} client handler(s), {InitialWarmup.TotalSeconds:0} s initial warm-up per server, then {options.Rounds} round(s) of {options.Warmup.TotalSeconds:0.#} s warm-up + {options.Duration.TotalSeconds:0.#} s per server."));
        if (options.AllocationProfile)
        {
            Console.WriteLine("Allocation sampling is on: calls/s and CPU of this run are not comparable with runs without it.");
        }

        Console.WriteLine($"Load average (/proc/loadavg) at the start: {LoadAverage()}");
        Console.WriteLine();
    }

    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Trim();
        }
        catch (IOException)
        {
            return "n/a";
        }
        catch (UnauthorizedAccessException)
        {
            return "n/a";
        }
    }
}
