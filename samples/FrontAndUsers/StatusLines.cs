using Faultline;
using Google.Rpc;

namespace FrontAndUsers;

/// <summary>Prints a failed call as the edge clients of the sample print it, in C# as in Python: code, message, then each detail.</summary>
public static class StatusLines
{
    /// <summary>Prints <paramref name="error"/>'s status code and message after <paramref name="call"/>, then its details in wire order.</summary>
    public static void Print(string call, GrpcException error)
    {
        // A status a client makes up itself (its deadline passed) may have no message.
        Console.WriteLine($"  {call}: {error.StatusName}: {(error.Status.Detail.Length > 0 ? error.Status.Detail : "(no message)")}");
        foreach (var detail in error.Details)
        {
            if (detail.TryUnpack<PreconditionFailure>(out var precondition))
            {
                foreach (var violation in precondition.Violations)
                {
                    Console.WriteLine($"    PreconditionFailure: {violation.Type} {violation.Subject}: {violation.Description}");
                }
            }
            else if (detail.TryUnpack<ErrorInfo>(out var info))
            {
                Console.WriteLine($"    ErrorInfo: {info.Reason} in {info.Domain} {{{Metadata(info.Metadata)}}}");
            }
            else
            {
                Console.WriteLine($"    {detail.TypeUrl}");
            }
        }
    }

    /// <summary>ErrorInfo metadata as <c>key=value, ...</c>, by key.</summary>
    public static string Metadata(IEnumerable<KeyValuePair<string, string>> metadata) =>
        string.Join(", ", metadata.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => $"{m.Key}={m.Value}"));
}
