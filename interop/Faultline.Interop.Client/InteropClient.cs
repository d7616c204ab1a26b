using Faultline.Client;
using Faultline.Interop.Client.WireTap;
using Grpc.Testing;

namespace Faultline.Interop.Client;

/// <summary>The outcome of one case.</summary>
public enum CaseOutcome
{
    Pass,
    Fail,
}

/// <summary>One case's result: its outcome and a one-line reason (failure) or note (pass).</summary>
public sealed record CaseResult(string Case, CaseOutcome Outcome, string? Detail)
{
    /// <summary>The line the client prints: <c>PASS case</c>, <c>PASS case (note)</c> or <c>FAIL case: reason</c>.</summary>
    public override string ToString() => Outcome == CaseOutcome.Pass
        ? $"PASS {Case}{(Detail is null ? "" : $" ({Detail})")}"
        : $"FAIL {Case}: {Detail}";
}

/// <summary>Runs interop cases (doc/interop-test-descriptions.md in grpc/grpc) with the Faultline client.</summary>
public static class InteropClient
{
    /// <summary>The cases this client implements, in the order <c>--test_case=all</c> runs them.</summary>
    public static IReadOnlyList<string> Cases => InteropCases.Names;

    /// <summary>Runs <paramref name="cases"/> on one channel, printing one line per case; returns the exit code (0: all passed).</summary>
    public static async Task<int> RunAsync(ClientSettings settings, IEnumerable<string> cases, TextWriter output, CancellationToken cancellationToken = default)
    {
        using var channel = settings.CreateChannel(out var tap);
        var failed = false;
        foreach (var name in cases)
        {
            var result = await RunCaseAsync(channel, tap, settings, name, cancellationToken);
            failed |= result.Outcome == CaseOutcome.Fail;
            await output.WriteLineAsync(result.ToString());
            await output.FlushAsync(cancellationToken);
        }

        return failed ? 1 : 0;
    }

    /// <summary>Runs one case on its own channel.</summary>
    public static async Task<CaseResult> RunCaseAsync(ClientSettings settings, string name, CancellationToken cancellationToken = default)
    {
        using var channel = settings.CreateChannel(out var tap);
        return await RunCaseAsync(channel, tap, settings, name, cancellationToken);
    }

    /// <summary>Runs one case on <paramref name="channel"/>; never throws for a failed case.</summary>
    public static async Task<CaseResult> RunCaseAsync(GrpcChannel channel, WireTapHandler? tap, ClientSettings settings, string name, CancellationToken cancellationToken = default)
    {
        if (!InteropCases.All.TryGetValue(name, out var run))
        {
            return new CaseResult(name, CaseOutcome.Fail, $"unknown test case; known: {string.Join(", ", Cases)}");
        }

        var context = new CaseContext(channel, tap, settings);
        try
        {
            var note = await run(context).WaitAsync(settings.CaseTimeout, cancellationToken);
            return new CaseResult(name, CaseOutcome.Pass, note);
        }
        catch (CaseFailedException ex)
        {
            return new CaseResult(name, CaseOutcome.Fail, ex.Message);
        }
        catch (TimeoutException)
        {
            return new CaseResult(name, CaseOutcome.Fail, $"timed out after {settings.CaseTimeout.TotalSeconds:0}s");
        }
        catch (GrpcException ex)
        {
            return new CaseResult(name, CaseOutcome.Fail, $"unexpected {ex.StatusName} status: {ex.Status.Message}");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new CaseResult(name, CaseOutcome.Fail, $"{ex.GetType().Name}: {ex.Message}".ReplaceLineEndings(" "));
        }
    }
}

/// <summary>What a case gets: stubs on the channel, the wire tap (if any) and the settings.</summary>
public sealed class CaseContext(GrpcChannel channel, WireTapHandler? tap, ClientSettings settings)
{
    public TestService.TestServiceClient Client { get; } = new(channel);

    public UnimplementedService.UnimplementedServiceClient UnimplementedServiceClient { get; } = new(channel);

    /// <summary>Null when --wire_checks=false.</summary>
    public WireTapHandler? Tap { get; } = tap;

    public ClientSettings Settings { get; } = settings;
}

/// <summary>A check of a case failed; the message is the FAIL line's reason.</summary>
public sealed class CaseFailedException(string message) : Exception(message);
