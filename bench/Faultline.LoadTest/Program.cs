using System.CommandLine;
using Faultline.LoadTest;

var duration = PositiveDouble("--duration", "Measured seconds per server per round.", 5);
var warmup = NonNegativeDouble("--warmup", "Unmeasured warm-up seconds before each measured run.", 1);
var concurrency = PositiveInt("--concurrency", "Concurrent calls (workers).", 32);
var connections = PositiveInt("--connections", "Independent client handlers (HTTP/2 connections) the workers share.", 1);
var payload = NonNegativeInt("--payload", "Request (and echoed response) payload, in bytes.", 64);
var rounds = PositiveInt("--rounds", "Rounds; each measures every server, in an order that rotates from round to round.", 4);
var maxCalls = new Option<long>("--max-calls")
{
    Description = "Upper bound on calls started per measured run (the run also ends after --duration).",
    DefaultValueFactory = _ => 10_000_000,
};
maxCalls.Validators.Add(r =>
{
    if (r.GetValueOrDefault<long>() <= 0)
    {
        r.AddError("--max-calls must be positive.");
    }
});

var allocProfile = new Option<bool>("--alloc-profile")
{
    Description = "Also sample allocations by type (GCAllocationTick) per server and print the top types. Slows the run: its calls/s are not comparable.",
};

var servers = new Option<string[]>("--servers")
{
    Description = $"Servers to measure, comma-separated, among: {string.Join(", ", BenchServer.Kinds)}. Ratios are against raw.",
    DefaultValueFactory = _ => ["raw", "faultline"],
    CustomParser = r => r.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct().ToArray(),
};
servers.Validators.Add(r =>
{
    var names = r.GetValueOrDefault<string[]>() ?? [];
    if (names.FirstOrDefault(n => !BenchServer.Kinds.Contains(n)) is { } unknown)
    {
        r.AddError($"Unknown server '{unknown}'; known: {string.Join(", ", BenchServer.Kinds)}.");
    }
    else if (names.Length == 0)
    {
        r.AddError("--servers needs at least one server.");
    }
});

var root = new RootCommand("Faultline loopback load test: unary calls/s of the Faultline server and of a raw Kestrel HTTP/2 handler doing the same framing, driven by the same raw HTTP/2 client in one process.")
{
    duration, warmup, concurrency, connections, payload, rounds, maxCalls, servers, allocProfile,
};
root.SetAction((parse, cancellationToken) => LoadTestRunner.RunAsync(
    new LoadTestOptions(
        TimeSpan.FromSeconds(parse.GetValue(duration)),
        TimeSpan.FromSeconds(parse.GetValue(warmup)),
        parse.GetValue(concurrency),
        parse.GetValue(connections),
        parse.GetValue(payload),
        parse.GetValue(rounds),
        parse.GetValue(maxCalls),
        parse.GetValue(servers)!,
        parse.GetValue(allocProfile)),
    cancellationToken));
return await root.Parse(args).InvokeAsync();

static Option<int> PositiveInt(string name, string description, int defaultValue) => Checked<int>(name, description, defaultValue, v => v > 0, "positive");

static Option<int> NonNegativeInt(string name, string description, int defaultValue) => Checked<int>(name, description, defaultValue, v => v >= 0, "zero or more");

static Option<double> PositiveDouble(string name, string description, double defaultValue) => Checked<double>(name, description, defaultValue, v => v > 0, "positive");

static Option<double> NonNegativeDouble(string name, string description, double defaultValue) => Checked<double>(name, description, defaultValue, v => v >= 0, "zero or more");

static Option<T> Checked<T>(string name, string description, T defaultValue, Func<T, bool> valid, string what)
{
    var option = new Option<T>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
    option.Validators.Add(r =>
    {
        if (!valid(r.GetValueOrDefault<T>()))
        {
            r.AddError($"{name} must be {what}.");
        }
    });
    return option;
}
