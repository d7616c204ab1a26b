using Grpc.Core;

namespace Faultline;

/// <summary>
/// The canonical upper-case names of status codes (<c>NOT_FOUND</c>, ...) as used by every gRPC
/// implementation in logs and by the google.rpc.Code enum.
/// </summary>
public static class StatusCodeNames
{
    private static readonly string[] Names =
    [
        "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND",
        "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION",
        "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS",
        "UNAUTHENTICATED",
    ];

    /// <summary>Returns the canonical name of <paramref name="code"/>, or its number for unknown values.</summary>
    public static string GetName(StatusCode code)
    {
        var index = (int)code;
        return (uint)index < (uint)Names.Length ? Names[index] : index.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
