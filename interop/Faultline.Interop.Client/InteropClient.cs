using Faultline.Interop.Client.WireTap;
using Grpc.Core;
using Grpc.Net.Client;

namespace Faultline.Interop.Client;

/// <summary>Runs interop cases (doc/interop-test-descriptions.md in grpc/grpc) with Grpc.Net.Client and Faultline's client pipeline.</summary>
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

    /// <summary>Runs one case on <paramref name="channel"/> (with Faultline's client pipeline on top); never throws for a failed case.</summary>
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
            return new CaseResult(name, CaseOutcome.Fail, $"unexpected {ex.StatusName} status: {ex.Status.Detail}");
        }
        catch (RpcException ex)
        {
            // Faultline's client pipeline turns every failed call into a GrpcException; this one escaped it.
            return new CaseResult(name, CaseOutcome.Fail, $"unexpected {ex.StatusCode} status, not translated by Faultline's client pipeline: {ex.Status.Detail}");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new CaseResult(name, CaseOutcome.Fail, $"{ex.GetType().Name}: {ex.Message}".ReplaceLineEndings(" "));
        }
    }
}
