namespace Faultline.AspNetCore.Internal.Interception;

/// <summary>Checks that what an interceptor hands back is a message of the method's type.</summary>
internal static class MessageCast
{
    public static T To<T>(object? message, ServerInterceptor interceptor, ServerCall call)
        where T : class =>
        message as T ?? throw new InvalidOperationException(
            $"{interceptor.GetType().Name} replaced a {typeof(T).Name} of {call.Method} with {(message is null ? "null" : "a " + message.GetType().Name)}; a replacement must be a {typeof(T).Name}.");
}
