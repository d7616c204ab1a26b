using Grpc.Core;

namespace Faultline.Client.Internal;

/// <summary>
/// The per-call state behind a translated call object: the inner call's status, trailers, headers
/// and disposal, reached through static delegates so that wrapping a call allocates only this object.
/// </summary>
internal abstract class CallTranslation
{
    public static readonly Func<object, Task<Metadata>> HeadersOf = state => ((CallTranslation)state).ResponseHeadersAsync();
    public static readonly Func<object, Status> StatusOf = state => ((CallTranslation)state).GetStatus();
    public static readonly Func<object, Metadata> TrailersOf = state => ((CallTranslation)state).GetTrailers();
    public static readonly Action<object> DisposeOf = state => ((CallTranslation)state).Dispose();

    private Task<Metadata>? _headers;

    protected CallTranslation(ClientExceptionTranslator translator) => Translator = translator;

    public ClientExceptionTranslator Translator { get; }

    protected abstract Task<Metadata> InnerResponseHeadersAsync { get; }

    public abstract Status GetStatus();

    public abstract Metadata GetTrailers();

    public abstract void Dispose();

    /// <summary>The inner call's headers, translated; created on first use, as grpc-dotnet creates them.</summary>
    public Task<Metadata> ResponseHeadersAsync() => _headers ??= Translate(InnerResponseHeadersAsync);

    public Task<T> Translate<T>(Task<T> task) => task.IsCompletedSuccessfully ? task : Translator.Translate(task, this);

    public Task Translate(Task task) => task.IsCompletedSuccessfully ? task : Translator.Translate(task, this);

    /// <summary>The finished call's status and trailers; false while it is still running.</summary>
    public bool TryGetOutcome(out Status status, out Metadata trailers)
    {
        try
        {
            status = GetStatus();
        }
        catch (InvalidOperationException)
        {
            status = default;
            trailers = Metadata.Empty;
            return false;
        }

        try
        {
            trailers = GetTrailers();
        }
        catch (InvalidOperationException)
        {
            // No trailers arrived (a local deadline or cancellation): the status alone.
            trailers = Metadata.Empty;
        }

        return true;
    }
}
