namespace Faultline.AspNetCore.Internal;

/// <summary>
/// A message to hand back to grpc-dotnet for a unary or client-streaming call that failed without
/// throwing: grpc-dotnet refuses a null response, and this one is never sent (see
/// <see cref="DiscardingResponseBodyFeature"/>). Null when the type has no parameterless constructor.
/// </summary>
internal static class ResponsePlaceholder<TResponse>
    where TResponse : class
{
    public static readonly TResponse? Instance = typeof(TResponse).GetConstructor(Type.EmptyTypes)?.Invoke(null) as TResponse;
}
