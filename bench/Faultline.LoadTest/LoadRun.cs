using Faultline.Bench;

namespace Faultline.LoadTest;

/// <summary>
/// The driver: starts one process per server kind (all pinned to the server core, idle while another
/// is measured), checks every scenario answers correctly, warms each up, then measures every scenario
/// once per round with the order rotated from round to round, so drift and the neighbours' load
/// spread over all scenarios alike. Exits 1 if any request failed.
/// </summary>
internal static class LoadRun
{
    public static async Task<int> RunAsync(LoadSettings settings)
    {
        var scenarios = settings.Scenarios.Count == 0
            ? Scenario.All
            : settings.Scenarios.Select(name => Scenario.All.SingleOrDefault(s => s.Name == name) ?? throw new ArgumentException($"Unknown scenario {name}.")).ToList();

        var requestFile = Path.Combine(Path.GetTempPath(), $"faultline-bench-request-{Environment.ProcessId}.bin");
        File.WriteAllBytes(requestFile, BenchRequest.CreateFrame());
        var servers = new Dictionary<string, ServerProcess>();
        try
        {
            foreach (var kind in scenarios.Select(scenario => scenario.Server).Distinct())
            {
                servers[kind] = await ServerProcess.StartAsync(kind, settings.ServerCpu, settings.ServerLogging);
            }

            foreach (var scenario in scenarios)
            {
                await SanityCheck.RunAsync(servers[scenario.Server].Port, scenario);
            }

            Console.WriteLine($"== Every scenario answers correctly. Warm-up: {settings.WarmupSeconds} s each.");
            foreach (var scenario in scenarios)
            {
                await H2Load.RunAsync(settings, settings.LoadCpu, servers[scenario.Server].Port, scenario.Path, requestFile, settings.WarmupSeconds);
            }

            var measurements = new List<Measurement>();
            for (var round = 1; round <= settings.Rounds; round++)
            {
                Console.WriteLine($"== Round {round} of {settings.Rounds}");
                foreach (var scenario in scenarios.Skip((round - 1) % scenarios.Count).Concat(scenarios.Take((round - 1) % scenarios.Count)))
                {
                    var measurement = await MeasureAsync(settings, servers[scenario.Server], scenario, round, requestFile);
                    Console.WriteLine($"   {scenario.Name,-22} {measurement.Load.RequestsPerSecond,10:F0} req/s  {measurement.CpuMicrosecondsPerCall,6:F1} µs CPU/call  {measurement.BytesPerCall,7:F0} B/call{(measurement.HasErrors ? "  ERRORS" : string.Empty)}");
                    measurements.Add(measurement);
                }
            }

            var report = Report.Render(settings, scenarios, measurements);
            Console.WriteLine();
            Console.WriteLine(report);
            if (settings.OutputPath is { } path)
            {
                File.WriteAllText(path, report);
            }

            return measurements.Any(measurement => measurement.HasErrors) ? 1 : 0;
        }
        finally
        {
            foreach (var server in servers.Values)
            {
                await server.DisposeAsync();
            }

            File.Delete(requestFile);
        }
    }

    private static async Task<Measurement> MeasureAsync(LoadSettings settings, ServerProcess server, Scenario scenario, int round, string requestFile)
    {
        var allocatedBefore = await server.AllocatedBytesAsync();
        var cpuBefore = server.CpuTime();
        var load = await H2Load.RunAsync(settings, settings.LoadCpu, server.Port, scenario.Path, requestFile, settings.DurationSeconds);
        var cpu = server.CpuTime() - cpuBefore;
        var allocated = await server.AllocatedBytesAsync() - allocatedBefore;
        var calls = Math.Max(load.Succeeded, 1);
        return new Measurement(scenario, round, load, cpu.TotalMicroseconds / calls, (double)allocated / calls);
    }
}
