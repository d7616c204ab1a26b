namespace Faultline.Client.Internal.Interception;

/// <summary>The check behind <see cref="ClientCall.Request"/>'s setter: a replacement must be of the method's request type.</summary>
internal static class RequestCast
{
    public static TRequest To<TRequest>(object? value, ClientCall call) => value is TRequest request
        ? request
        : throw new InvalidOperationException($"{call.Interceptor.GetType().Name} set a {value?.GetType().Name ?? "null"} request on {call.Method}, which takes {typeof(TRequest).Name}.");
}
