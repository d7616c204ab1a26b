using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters.Json;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;

// A job sized for a shared 2-core machine: fixed, short iterations, so a full run takes minutes.
// BenchmarkDotNet's own options choose what runs, e.g. --filter '*Client*'.
var config = DefaultConfig.Instance
    .AddDiagnoser(MemoryDiagnoser.Default)
    .AddJob(Job.Default.WithWarmupCount(3).WithIterationCount(10).WithIterationTime(Perfolizer.Horology.TimeInterval.FromMilliseconds(250)).AsDefault())
    // The tables round allocations to 0.01 KB; the JSON report has the exact bytes per operation.
    .AddExporter(JsonExporter.Brief);

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
