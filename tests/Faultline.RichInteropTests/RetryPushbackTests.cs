using System.Globalization;
using System.Text.Json;
using Faultline.RichInteropTests.Infrastructure;
using Faultline.RichInteropTests.Services;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Xunit.Abstractions;

namespace Faultline.RichInteropTests;

/// <summary>
/// A status with a RetryInfo also carries <c>grpc-retry-pushback-ms</c>, and a grpcio client with a
/// gRFC A6 retry policy (python/rich_retry.py: UNAVAILABLE retryable, 5 attempts, backoff ≤ 10 ms)
/// waits as the server asked. Attempts are counted where they arrive, on the server. Every
/// expectation follows from the policy whatever the machine's speed: a small pushback gives the
/// policy's retries, each no sooner than the pushback; a pushback longer than the deadline leaves one
/// attempt; no RetryInfo retries at once; a code the policy does not retry is not retried.
/// </summary>
public sealed class RetryPushbackTests(RetryPushbackTests.Fixture fixture, ITestOutputHelper output) : IClassFixture<RetryPushbackTests.Fixture>
{
    private const int Unavailable = (int)StatusCode.Unavailable;
    private const int SmallPushbackMs = 300;
    private const int LargePushbackMs = 60_000;

    [Theory]
    [InlineData("throw")]
    [InlineData("set")]
    public void SmallPushback_RetryableCode_RetriesAfterThePushback(string path)
    {
        var (result, attempts) = fixture.Outcome($"small_{path}");
        output.WriteLine(fixture.Describe($"small_{path}"));

        Assert.True(result.Code == 0, $"the call should succeed on its third attempt: {result}");
        Assert.Equal("attempt 3 succeeded", result.Message);
        Assert.Equal(new string?[] { null, "1", "2" }, attempts.Select(a => a.PreviousAttempts));
        for (var i = 1; i < attempts.Count; i++)
        {
            // The policy alone would wait at most 10 ms; only the server's pushback explains the gap.
            var gap = attempts[i].Since(attempts[i - 1]);
            Assert.True(gap >= TimeSpan.FromMilliseconds(SmallPushbackMs - 50), $"attempt {i + 1} came {gap.TotalMilliseconds:0} ms after attempt {i}, sooner than the {SmallPushbackMs} ms pushback");
        }

        AssertPushbackSent($"small_{path}", SmallPushbackMs, failedAttempts: 2);
    }

    [Theory]
    [InlineData("throw")]
    [InlineData("set")]
    public void LargePushback_RetryableCode_OneAttemptWithinTheDeadline(string path)
    {
        var (result, attempts) = fixture.Outcome($"large_{path}");
        output.WriteLine(fixture.Describe($"large_{path}"));

        Assert.True(attempts.Count == 1, $"{attempts.Count} attempts, expected 1: a {LargePushbackMs} ms pushback is past the 2 s deadline");
        Assert.True(
            result.Code is Unavailable or (int)StatusCode.DeadlineExceeded,
            $"the call should end UNAVAILABLE or DEADLINE_EXCEEDED: {result}");
        AssertPushbackSent($"large_{path}", LargePushbackMs, failedAttempts: 1);
    }

    [Fact]
    public void NoRetryInfo_RetryableCode_RetriesUpToTheMaximum()
    {
        var (result, attempts) = fixture.Outcome("no_retry_info");
        output.WriteLine(fixture.Describe("no_retry_info"));

        Assert.Equal(Unavailable, result.Code);
        Assert.Equal(Fixture.MaxAttempts, attempts.Count);
        Assert.All(fixture.Server.ExchangesOf(fixture.Key("no_retry_info")), e => Assert.Null(e.RetryPushback));
    }

    /// <summary>grpcio's policy decides what is retryable; a pushback only says when (grpc-dotnet's client, unlike grpcio, retries on any pushback).</summary>
    [Fact]
    public void Pushback_NonRetryableCode_IsNotRetried()
    {
        var (result, attempts) = fixture.Outcome("not_retryable");
        output.WriteLine(fixture.Describe("not_retryable"));

        Assert.Equal((int)StatusCode.ResourceExhausted, result.Code);
        Assert.Single(attempts);
        var detail = Assert.Single(result.Details);
        Assert.Equal(TimeSpan.FromMilliseconds(10), RetryInfo.Parser.ParseFrom(detail.Value).RetryDelay.ToTimeSpan());
        Assert.Equal(RetryInfo.Descriptor.FullName, Any.GetTypeName(detail.TypeUrl));
        AssertPushbackSent("not_retryable", 10, failedAttempts: 1);
    }

    [Fact]
    public void Server_LoggedNoErrors() => fixture.Server.Logs.AssertNoUnexpectedErrors();

    private void AssertPushbackSent(string scenario, int milliseconds, int failedAttempts)
    {
        var failed = fixture.Server.ExchangesOf(fixture.Key(scenario)).Where(e => e.GrpcStatus != "0").ToList();
        Assert.Equal(failedAttempts, failed.Count);
        Assert.All(failed, e =>
        {
            Assert.True(e.StatusIn == "headers (Trailers-Only)", $"a retryable failure must come alone: {e}");
            Assert.True(e.RetryPushback == milliseconds.ToString(CultureInfo.InvariantCulture), $"grpc-retry-pushback-ms: {e}");
        });
    }

    /// <summary>The call's outcome as rich_retry.py saw it.</summary>
    public sealed record RetryResult(int Code, string Message, IReadOnlyList<(string TypeUrl, byte[] Value)> Details, string Error, long ElapsedMs)
    {
        public static RetryResult Parse(string json)
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            return new RetryResult(
                root.GetProperty("code").GetInt32(),
                root.GetProperty("message").GetString()!,
                root.GetProperty("details").EnumerateArray().Select(d => (d[0].GetString()!, Convert.FromBase64String(d[1].GetString()!))).ToList(),
                root.GetProperty("error").GetString()!,
                root.GetProperty("elapsed_ms").GetInt64());
        }
    }

    /// <summary>A Faultline server of its own and one rich_retry.py run of every scenario, concurrently.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        public const int MaxAttempts = 5;

        private readonly string _run = Guid.NewGuid().ToString("N")[..8];
        private readonly Dictionary<string, RetryResult> _results = [];
        private ProcessResult? _process;

        public FaultlineRichServer Server { get; private set; } = null!;

        /// <summary>The call key (and x-case-id) of a scenario.</summary>
        public string Key(string scenario) => $"retry-{scenario}-{_run}";

        public (RetryResult Result, IReadOnlyList<AttemptRecord> Attempts) Outcome(string scenario)
        {
            Assert.True(_results.TryGetValue(scenario, out var result), $"rich_retry.py reported nothing for {scenario}\n{_process}\n--- server log ---\n{Server.DescribeLog()}");
            return (result, Server.Attempts.Of(Key(scenario)));
        }

        /// <summary>What happened in a scenario (for the test output): the outcome and the gaps between attempts.</summary>
        public string Describe(string scenario)
        {
            var (result, attempts) = Outcome(scenario);
            var gaps = attempts.Skip(1).Select((a, i) => $"{a.Since(attempts[i]).TotalMilliseconds:0} ms");
            return $"{scenario}: {attempts.Count} attempt(s), gaps [{string.Join(", ", gaps)}]; the call ended {(StatusCode)result.Code} \"{result.Message}\" after {result.ElapsedMs} ms";
        }

        public async Task InitializeAsync()
        {
            Server = await FaultlineRichServer.StartAsync();
            await Peer.Python.EnsureAvailableAsync();
            string Scenario(string name, int code, int failAttempts, bool retryInfo, int delayMs, string path, int timeoutSeconds) =>
                $"{name}:{Key(name)}:{code}:{failAttempts}:{(retryInfo ? 1 : 0)}:{delayMs}:{path}:{timeoutSeconds}";

            string[] scenarios =
            [
                Scenario("small_throw", Unavailable, 2, true, SmallPushbackMs, "throw", 20),
                Scenario("small_set", Unavailable, 2, true, SmallPushbackMs, "set", 20),
                Scenario("large_throw", Unavailable, 100, true, LargePushbackMs, "throw", 2),
                Scenario("large_set", Unavailable, 100, true, LargePushbackMs, "set", 2),
                Scenario("no_retry_info", Unavailable, 100, false, 0, "throw", 20),
                Scenario("not_retryable", (int)StatusCode.ResourceExhausted, 100, true, 10, "set", 20),
            ];
            _process = await Peer.Python.RunAsync(TimeSpan.FromSeconds(60), "rich_retry.py", ["--port", Server.Port.ToString(CultureInfo.InvariantCulture), .. scenarios.SelectMany(s => new[] { "--scenario", s })]);
            foreach (var line in _process.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var parts = line.Split(' ', 3);
                if (parts is ["RETRY", var name, var json])
                {
                    _results[name] = RetryResult.Parse(json);
                }
            }
        }

        public async Task DisposeAsync()
        {
            if (Server is not null)
            {
                await Server.DisposeAsync();
            }
        }
    }
}
