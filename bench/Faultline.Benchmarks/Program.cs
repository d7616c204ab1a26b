using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;

namespace Faultline.Benchmarks;

public static class Program
{
    /// <summary>
    /// Runs the benchmarks. Without <c>--filter</c> every benchmark runs (no interactive prompt), and
    /// without <c>--job</c> BenchmarkDotNet's short job is used so the suite takes a few minutes.
    /// Any other BenchmarkDotNet option passes through, e.g. <c>--filter '*Pipeline*' --job medium</c>.
    /// </summary>
    public static int Main(string[] args)
    {
        var arguments = args.ToList();
        if (!arguments.Any(a => a is "--filter" or "-f" or "--list" or "--info" or "--help" or "-h" or "--version"))
        {
            arguments.AddRange(["--filter", "*"]);
        }

        // Min and Median next to Mean: on a shared machine the fastest iterations are the least disturbed.
        var config = DefaultConfig.Instance.AddColumn(StatisticColumn.Min, StatisticColumn.Median);
        if (!arguments.Any(a => a is "--job" or "-j"))
        {
            config = config.AddJob(Job.ShortRun);
        }

        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run([.. arguments], config);
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }
}
