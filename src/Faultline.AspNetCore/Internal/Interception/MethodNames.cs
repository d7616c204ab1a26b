using System.Collections.Concurrent;

namespace Faultline.AspNetCore.Internal.Interception;

/// <summary>Parsed method names, one per path: a call's name is parsed once per method, not per call.</summary>
internal static class MethodNames
{
    private static readonly ConcurrentDictionary<string, GrpcMethodName> ByPath = new(StringComparer.Ordinal);

    public static GrpcMethodName Of(string path) =>
        ByPath.TryGetValue(path, out var name) ? name : ByPath.GetOrAdd(path, GrpcMethodName.Parse);
}
