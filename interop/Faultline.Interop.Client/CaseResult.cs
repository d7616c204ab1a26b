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

/// <summary>A check of a case failed; the message is the FAIL line's reason.</summary>
public sealed class CaseFailedException(string message) : Exception(message);
