using System.Runtime.CompilerServices;
using Grpc.Core;

namespace Faultline.AspNetCore.Internal.Deserialization;

/// <summary>
/// Request messages that could not be deserialized. grpc-dotnet reads the single request of a unary
/// or server-streaming call before any interceptor runs, and fails such a call as UNKNOWN out of
/// reach of the pipeline. Its guarded deserializer returns a placeholder message instead, recorded
/// here, and the Faultline pipeline (outermost) ends the call before anything else sees it. For
/// request streams the deserializer throws <see cref="RequestDeserializationException"/>, which
/// reaches the reader of the stream.
/// </summary>
internal static class MalformedRequests
{
    private static readonly ConditionalWeakTable<object, RequestDeserializationException> Placeholders = new();

    // Most processes never see a malformed request: the lookup is skipped while none is pending.
    private static int _pending;

    public static Marshaller<TRequest> GuardSingle<TRequest>(Marshaller<TRequest> marshaller, string method)
        where TRequest : class =>
        Guard(marshaller, error =>
        {
            var failure = new RequestDeserializationException(method, typeof(TRequest), error);
            var placeholder = NewPlaceholder<TRequest>() ?? throw new RpcException(new Status(StatusCode.Internal, RequestDeserializationException.StatusMessage, failure));
            Placeholders.Add(placeholder, failure);
            Interlocked.Increment(ref _pending);
            return placeholder;
        });

    public static Marshaller<TRequest> GuardStream<TRequest>(Marshaller<TRequest> marshaller, string method)
        where TRequest : class =>
        Guard(marshaller, error => throw new RequestDeserializationException(method, typeof(TRequest), error));

    private static Marshaller<TRequest> Guard<TRequest>(Marshaller<TRequest> marshaller, Func<Exception, TRequest> onFailure)
    {
        var deserialize = marshaller.ContextualDeserializer;
        return new Marshaller<TRequest>(marshaller.ContextualSerializer, context =>
        {
            try
            {
                return deserialize(context);
            }
            catch (Exception ex)
            {
                return onFailure(ex);
            }
        });
    }

    /// <summary>Whether <paramref name="request"/> stands for a message that could not be deserialized; the record is taken.</summary>
    public static bool TryTake(object request, out RequestDeserializationException? failure)
    {
        failure = null;
        if (Volatile.Read(ref _pending) == 0 || !Placeholders.TryGetValue(request, out failure))
        {
            return false;
        }

        Placeholders.Remove(request);
        Interlocked.Decrement(ref _pending);
        return true;
    }

    // A fresh message per failure, so a placeholder can never be confused with a real request.
    private static TRequest? NewPlaceholder<TRequest>()
        where TRequest : class =>
        typeof(TRequest).GetConstructor(Type.EmptyTypes)?.Invoke(null) as TRequest;
}
