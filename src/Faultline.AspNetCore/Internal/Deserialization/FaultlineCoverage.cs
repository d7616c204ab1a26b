namespace Faultline.AspNetCore.Internal.Deserialization;

/// <summary>Which services a Faultline pipeline covers: all (<c>AddFaultline()</c>) or those named with <c>AddFaultline&lt;TService&gt;()</c>.</summary>
internal sealed class FaultlineCoverage
{
    public bool AllServices { get; set; }

    public HashSet<Type> Services { get; } = [];

    public bool Covers(Type service) => AllServices || Services.Contains(service);
}
