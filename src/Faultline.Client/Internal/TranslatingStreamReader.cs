using Grpc.Core;

namespace Faultline.Client.Internal;

/// <summary>A response stream whose failures surface as typed Faultline exceptions.</summary>
internal sealed class TranslatingStreamReader<T>(IAsyncStreamReader<T> inner, CallTranslation call) : IAsyncStreamReader<T>
{
    public T Current => inner.Current;

    public Task<bool> MoveNext(CancellationToken cancellationToken)
    {
        Task<bool> next;
        try
        {
            next = inner.MoveNext(cancellationToken);
        }
        catch (Exception ex) when (call.Translator.TryTranslate(ex, call, out var translated))
        {
            throw translated;
        }

        return call.Translate(next);
    }
}
