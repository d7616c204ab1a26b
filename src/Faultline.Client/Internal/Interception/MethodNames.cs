using System.Collections.Concurrent;
using Grpc.Core;

namespace Faultline.Client.Internal.Interception;

/// <summary>Parsed method names, one per full name: a call's name is parsed once per method, not per call.</summary>
internal static class MethodNames
{
    private static readonly ConcurrentDictionary<string, GrpcMethodName> ByFullName = new(StringComparer.Ordinal);

    public static GrpcMethodName Of(IMethod method) =>
        ByFullName.TryGetValue(method.FullName, out var name) ? name : ByFullName.GetOrAdd(method.FullName, _ => Parse(method));

    // A hand-made Method can have a full name that is no gRPC path (an empty service name, say):
    // its own parts then stand, so such a call still runs.
    private static GrpcMethodName Parse(IMethod method) =>
        GrpcMethodName.TryParse(method.FullName, out var name) ? name : new GrpcMethodName(string.Empty, method.ServiceName, method.Name);
}
