using System.Diagnostics;
using System.Net;

namespace Faultline.LoadTest;

/// <summary>What one measured phase against one server produced.</summary>
internal sealed record PhaseResult(
    string Server,
    long Successes,
    long Errors,
    string? FirstError,
    TimeSpan Elapsed,
    long[] LatencyTicks,
    TimeSpan CpuTime,
    long AllocatedBytes,
    int Gen0,
    int Gen1,
    int Gen2)
{
    public double CallsPerSecond => Successes / Elapsed.TotalSeconds;

    public double CpuMicrosecondsPerCall => Successes == 0 ? 0 : CpuTime.TotalMicroseconds / Successes;

    public double AllocatedBytesPerCall => Successes == 0 ? 0 : (double)AllocatedBytes / Successes;

    /// <summary>Latency percentile in milliseconds; <see cref="LatencyTicks"/> is sorted.</summary>
    public double PercentileMs(double p) => Percentile(LatencyTicks, p);

    public static double Percentile(long[] sortedTicks, double p)
    {
        if (sortedTicks.Length == 0)
        {
            return double.NaN;
        }

        var index = (int)Math.Ceiling(p / 100 * sortedTicks.Length) - 1;
        return sortedTicks[Math.Clamp(index, 0, sortedTicks.Length - 1)] * 1000.0 / Stopwatch.Frequency;
    }
}

/// <summary>
/// A raw HTTP/2 (h2c, prior knowledge) unary load generator: pre-framed request bytes, N concurrent
/// workers over one or more <see cref="SocketsHttpHandler"/>s, and a check of every response (HTTP 200,
/// <c>application/grpc</c>, the echoed frame byte for byte, <c>grpc-status: 0</c> in the trailers).
/// A call that fails any check counts as an error, never as a success.
/// </summary>
internal sealed class LoadGenerator : IDisposable
{
    private readonly HttpMessageInvoker[] _invokers;
    private readonly byte[] _frame;
    private readonly Process _process = Process.GetCurrentProcess();

    /// <param name="connections">How many independent handlers (each with its own HTTP/2 connection pool) the workers share.</param>
    /// <param name="frame">The length-prefixed request; the echo service answers with the same bytes.</param>
    public LoadGenerator(int connections, byte[] frame)
    {
        _frame = frame;
        _invokers = new HttpMessageInvoker[connections];
        NewConnections();
    }

    /// <summary>
    /// Replaces the client handlers, so the next calls open new HTTP/2 connections. A connection can
    /// settle in a slower or faster steady state that lasts as long as it does; new connections for
    /// each server's turn keep one such state from following a server through every round.
    /// </summary>
    public void NewConnections()
    {
        for (var i = 0; i < _invokers.Length; i++)
        {
            _invokers[i]?.Dispose();
            _invokers[i] = new HttpMessageInvoker(new SocketsHttpHandler
            {
                EnableMultipleHttp2Connections = true,
                UseProxy = false,
                UseCookies = false,
                AllowAutoRedirect = false,
                AutomaticDecompression = DecompressionMethods.None,
            });
        }
    }

    /// <summary>Makes one call and returns null when it succeeded, else what was wrong.</summary>
    public async Task<string?> CallOnceAsync(Uri uri, CancellationToken cancellationToken)
    {
        var buffer = new byte[_frame.Length + 1];
        try
        {
            return await CallAsync(_invokers[0], uri, buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            return $"{ex.GetType().Name}: {ex.Message}";
        }
    }

    /// <summary>
    /// Runs <paramref name="concurrency"/> workers for <paramref name="duration"/> or until
    /// <paramref name="maxCalls"/> calls were started, whichever comes first. A call still running
    /// <paramref name="callTimeout"/> after the end is cancelled and counted as an error.
    /// </summary>
    public async Task<PhaseResult> RunAsync(string server, Uri uri, TimeSpan duration, int concurrency, long maxCalls, TimeSpan callTimeout)
    {
        var state = new PhaseState(maxCalls);
        using var abort = new CancellationTokenSource(duration + callTimeout);

        _process.Refresh();
        var cpuBefore = _process.TotalProcessorTime;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var (gen0, gen1, gen2) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        var started = Stopwatch.GetTimestamp();

        var workers = new Task<List<long>>[concurrency];
        for (var i = 0; i < concurrency; i++)
        {
            var invoker = _invokers[i % _invokers.Length];
            workers[i] = Task.Run(() => WorkerAsync(invoker, uri, state, abort.Token));
        }

        var stopper = Task.Delay(duration).ContinueWith(_ => state.Stop = true, TaskScheduler.Default);
        var all = Task.WhenAll(workers);
        await Task.WhenAny(all, stopper).ConfigureAwait(false);
        state.Stop = true;
        var latencies = await all.ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(started);

        _process.Refresh();
        var cpu = _process.TotalProcessorTime - cpuBefore;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var merged = latencies.SelectMany(l => l).ToArray();
        Array.Sort(merged);
        return new PhaseResult(
            server,
            merged.Length,
            state.Errors,
            state.FirstError,
            elapsed,
            merged,
            cpu,
            allocated,
            GC.CollectionCount(0) - gen0,
            GC.CollectionCount(1) - gen1,
            GC.CollectionCount(2) - gen2);
    }

    private async Task<List<long>> WorkerAsync(HttpMessageInvoker invoker, Uri uri, PhaseState state, CancellationToken abort)
    {
        var latencies = new List<long>(4096);
        var buffer = new byte[_frame.Length + 1];
        while (!state.Stop)
        {
            if (Interlocked.Increment(ref state.Issued) > state.MaxCalls)
            {
                state.Stop = true;
                break;
            }

            var start = Stopwatch.GetTimestamp();
            string? error;
            try
            {
                error = await CallAsync(invoker, uri, buffer, abort).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                error = $"{ex.GetType().Name}: {ex.Message}";
            }

            var ticks = Stopwatch.GetTimestamp() - start;
            if (error is null)
            {
                latencies.Add(ticks);
            }
            else
            {
                Interlocked.Increment(ref state.Errors);
                Interlocked.CompareExchange(ref state.FirstError, error, null);
            }
        }

        return latencies;
    }

    private async Task<string?> CallAsync(HttpMessageInvoker invoker, Uri uri, byte[] buffer, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, uri)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(_frame),
        };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/grpc");
        request.Headers.TryAddWithoutValidation("TE", "trailers");

        using var response = await invoker.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return $"HTTP status {(int)response.StatusCode}";
        }

        if (!response.Content.Headers.TryGetValues("Content-Type", out var contentType) || contentType.FirstOrDefault() != "application/grpc")
        {
            return "response content-type is not application/grpc";
        }

        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (body.ConfigureAwait(false))
        {
            var total = 0;
            while (true)
            {
                if (total == buffer.Length)
                {
                    return "response body is longer than the echoed request";
                }

                var read = await body.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                total += read;
            }

            if (!buffer.AsSpan(0, total).SequenceEqual(_frame))
            {
                return $"response body ({total} bytes) is not the echoed request ({_frame.Length} bytes)";
            }
        }

        // Trailers are complete once the body has been read to its end.
        if (!response.TrailingHeaders.TryGetValues("grpc-status", out var status))
        {
            return "no grpc-status trailer";
        }

        var code = status.FirstOrDefault();
        if (code != "0")
        {
            response.TrailingHeaders.TryGetValues("grpc-message", out var message);
            return $"grpc-status {code}: {message?.FirstOrDefault()}";
        }

        return null;
    }

    public void Dispose()
    {
        foreach (var invoker in _invokers)
        {
            invoker.Dispose();
        }

        _process.Dispose();
    }

    private sealed class PhaseState(long maxCalls)
    {
        public readonly long MaxCalls = maxCalls;
        public long Issued;
        public long Errors;
        public string? FirstError;
        public volatile bool Stop;
    }
}
