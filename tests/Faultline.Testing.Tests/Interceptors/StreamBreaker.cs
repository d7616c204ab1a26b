using Faultline.AspNetCore;

namespace Faultline.Testing.Tests.Interceptors;

/// <summary>
/// Fails a call from its response hook once it has let <c>x-break-after</c> responses through: the
/// way to fail a server-streaming call mid-stream, since the dummy service applies a special case to
/// its one request before it streams.
/// </summary>
public sealed class StreamBreaker : ServerInterceptor
{
    public const string Header = "x-break-after";

    private static readonly object SentKey = new();

    protected override ValueTask<object?> InterceptAsync(ServerCall call, ServerCallContinuation next) => next(call);

    protected override object OnResponseMessage(ServerCall call, object message)
    {
        if (call.Context.RequestHeaders.GetValue(Header) is not { } limit)
        {
            return message;
        }

        var sent = call.Context.UserState.TryGetValue(SentKey, out var value) ? (int)value! : 0;
        if (sent == int.Parse(limit, System.Globalization.CultureInfo.InvariantCulture))
        {
            throw new DataLossException($"Broke the stream after {sent} messages.");
        }

        call.Context.UserState[SentKey] = sent + 1;
        return message;
    }
}
