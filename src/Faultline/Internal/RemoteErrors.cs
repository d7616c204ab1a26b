using System.Runtime.CompilerServices;

namespace Faultline.Internal;

/// <summary>Which exceptions were restored from a failed downstream call, and from which: a link that needs nothing of the exception type.</summary>
internal static class RemoteErrors
{
    private static readonly ConditionalWeakTable<Exception, GrpcException> Origins = new();

    public static void Link(Exception exception, GrpcException origin) => Origins.AddOrUpdate(exception, origin);

    public static GrpcException? OriginOf(Exception exception) => Origins.TryGetValue(exception, out var origin) ? origin : null;
}
