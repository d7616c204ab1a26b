using Grpc.Core;

namespace Faultline.Client.Internal;

/// <summary>A request stream whose failures (a write after the call failed) surface as typed Faultline exceptions.</summary>
internal sealed class TranslatingStreamWriter<T>(IClientStreamWriter<T> inner, CallTranslation call) : IClientStreamWriter<T>
{
    public WriteOptions? WriteOptions
    {
        get => inner.WriteOptions;
        set => inner.WriteOptions = value;
    }

    public Task WriteAsync(T message) => Guard(static (writer, message, _) => writer.WriteAsync(message), message, default);

    public Task WriteAsync(T message, CancellationToken cancellationToken) => Guard(static (writer, message, token) => writer.WriteAsync(message, token), message, cancellationToken);

    public Task CompleteAsync() => Guard(static (writer, _, _) => writer.CompleteAsync(), default!, default);

    private Task Guard(Func<IClientStreamWriter<T>, T, CancellationToken, Task> operation, T message, CancellationToken cancellationToken)
    {
        Task task;
        try
        {
            task = operation(inner, message, cancellationToken);
        }
        catch (Exception ex) when (call.Translator.TryTranslate(ex, call, out var translated))
        {
            throw translated;
        }

        return call.Translate(task);
    }
}
