namespace Faultline.LoadTest;

/// <summary>One measured h2load run of a scenario, with the server's own costs over the same run.</summary>
/// <param name="Scenario">What was run.</param>
/// <param name="Round">The round, from 1.</param>
/// <param name="Load">What h2load reported.</param>
/// <param name="CpuMicrosecondsPerCall">The server process's CPU time over successful calls.</param>
/// <param name="BytesPerCall">The server process's allocations over successful calls.</param>
internal sealed record Measurement(Scenario Scenario, int Round, H2LoadResult Load, double CpuMicrosecondsPerCall, double BytesPerCall)
{
    /// <summary>Whether any request failed at the HTTP level, or none succeeded.</summary>
    public bool HasErrors => Load.Succeeded == 0 || Load.Failed + Load.Errored + Load.NonSuccessStatuses > 0;
}
