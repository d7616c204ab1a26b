using System.Globalization;

namespace Faultline.LoadTest;

/// <summary>The driver's settings; every one has a default that keeps the whole run under ten minutes.</summary>
internal sealed record LoadSettings
{
    public const string Usage =
        "Usage: Faultline.LoadTest [--rounds N] [--duration SECONDS] [--warmup SECONDS] [--clients N] [--streams N]\n" +
        "                          [--server-cpu CPU] [--load-cpu CPU] [--scenarios a,b,...] [--server-logging none|console]\n" +
        "                          [--out results.md]\n" +
        "       Faultline.LoadTest --serve bare|faultline|raw [--logging none|console]";

    /// <summary>Measured rounds; each round runs every scenario once, in an order rotated from round to round.</summary>
    public int Rounds { get; init; } = 5;

    /// <summary>Seconds of one measured h2load run.</summary>
    public int DurationSeconds { get; init; } = 10;

    /// <summary>Seconds of the unmeasured run of each scenario before the first round (JIT tiering, connection pools).</summary>
    public int WarmupSeconds { get; init; } = 5;

    /// <summary>h2load clients (connections).</summary>
    public int Clients { get; init; } = 1;

    /// <summary>Concurrent streams per client (h2load -m).</summary>
    public int Streams { get; init; } = 128;

    /// <summary>The core every server process is pinned to.</summary>
    public int ServerCpu { get; init; }

    /// <summary>The core h2load is pinned to.</summary>
    public int LoadCpu { get; init; } = 1;

    /// <summary>The scenarios to run, by name; all when empty.</summary>
    public IReadOnlyList<string> Scenarios { get; init; } = [];

    /// <summary>
    /// The servers' logging: <c>none</c> (no providers: the pipelines' own cost) or <c>console</c> (what
    /// the ASP.NET Core template sets up: console at Information, Microsoft.AspNetCore at Warning).
    /// </summary>
    public string ServerLogging { get; init; } = "none";

    /// <summary>Where the Markdown report is written, besides standard output.</summary>
    public string? OutputPath { get; init; }

    public static LoadSettings Parse(string[] args)
    {
        var settings = new LoadSettings();
        for (var i = 0; i < args.Length; i += 2)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
            settings = args[i] switch
            {
                "--rounds" => settings with { Rounds = Positive(args[i], value) },
                "--duration" => settings with { DurationSeconds = Positive(args[i], value) },
                "--warmup" => settings with { WarmupSeconds = Positive(args[i], value) },
                "--clients" => settings with { Clients = Positive(args[i], value) },
                "--streams" => settings with { Streams = Positive(args[i], value) },
                "--server-cpu" => settings with { ServerCpu = NonNegative(args[i], value) },
                "--load-cpu" => settings with { LoadCpu = NonNegative(args[i], value) },
                "--scenarios" => settings with { Scenarios = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) },
                "--server-logging" => settings with { ServerLogging = BenchServer.LoggingModes.Contains(value) ? value : throw new ArgumentException($"--server-logging takes none or console, not '{value}'.") },
                "--out" => settings with { OutputPath = value },
                _ => throw new ArgumentException($"Unknown option {args[i]}."),
            };
        }

        return settings;
    }

    private static int Positive(string name, string value) =>
        NonNegative(name, value) is > 0 and var number ? number : throw new ArgumentException($"{name} must be at least 1.");

    private static int NonNegative(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : throw new ArgumentException($"{name} takes a whole number, not '{value}'.");
}
