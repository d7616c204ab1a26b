using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;

// A job sized for a shared 2-core machine: fixed, short iterations, so a full run takes minutes.
// Pass BenchmarkDotNet's own options to change it, e.g. --filter '*Client*' or --job default.
var config = DefaultConfig.Instance
    .AddDiagnoser(MemoryDiagnoser.Default)
    .AddJob(Job.Default.WithWarmupCount(3).WithIterationCount(10).WithIterationTime(Perfolizer.Horology.TimeInterval.FromMilliseconds(250)).AsDefault())
    .WithOption(ConfigOptions.JoinSummary, false);

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
