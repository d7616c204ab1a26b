using System.Collections.Concurrent;
using System.Reflection;

namespace Faultline.AspNetCore.Internal.Interception;

/// <summary>
/// Which per-message hooks an interceptor type overrides, found once per type: streams are wrapped
/// (an allocation per call) only for interceptors that look at their messages.
/// </summary>
internal readonly record struct MessageHooks(bool Requests, bool Responses)
{
    private static readonly ConcurrentDictionary<Type, MessageHooks> ByType = new();

    public static MessageHooks Of(Type interceptorType) => ByType.GetOrAdd(interceptorType, static type => new MessageHooks(
        Overrides(type, nameof(ServerInterceptor.OnRequestMessage)),
        Overrides(type, nameof(ServerInterceptor.OnResponseMessage))));

    private static bool Overrides(Type type, string name) =>
        type.GetMethod(name, BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic, [typeof(ServerCall), typeof(object)])?.DeclaringType != typeof(ServerInterceptor);
}
