using Grpc.Core;

namespace Faultline.Internal.Wire;

/// <summary>
/// A status as it goes on the wire: the <see cref="Status"/> for <c>grpc-status</c> and
/// <c>grpc-message</c>, at most one <c>grpc-status-details-bin</c> made from the same code and
/// message, the optional <c>grpc-retry-pushback-ms</c>, and the application trailers that were
/// safe to send. Built by <see cref="StatusEncoder"/>.
/// </summary>
internal sealed class EncodedStatus
{
    public EncodedStatus(Status status, Metadata.Entry? details, Metadata.Entry? retryPushback, IReadOnlyList<Metadata.Entry> applicationTrailers, StatusTrim trim, StatusEncodingPolicy policy)
    {
        Status = status;
        Details = details;
        RetryPushback = retryPushback;
        ApplicationTrailers = applicationTrailers;
        Trim = trim;
        Policy = policy;
    }

    /// <summary>Code and (possibly truncated) message; its DebugException stays in this process.</summary>
    public Status Status { get; }

    public Metadata.Entry? Details { get; }

    public Metadata.Entry? RetryPushback { get; }

    public IReadOnlyList<Metadata.Entry> ApplicationTrailers { get; }

    public StatusTrim Trim { get; }

    public StatusEncodingPolicy Policy { get; }

    /// <summary>A new collection with every trailer this status sends.</summary>
    public Metadata ToTrailers()
    {
        var trailers = new Metadata();
        AddTo(trailers);
        return trailers;
    }

    /// <summary>Replaces <paramref name="destination"/>'s contents with this status's trailers.</summary>
    public void ReplaceContentsOf(Metadata destination)
    {
        destination.Clear();
        AddTo(destination);
    }

    /// <summary>
    /// Whether <paramref name="trailers"/> holds exactly what <see cref="ReplaceContentsOf"/> put there
    /// (the same entries, in order), i.e. nothing was added or changed since.
    /// </summary>
    public bool IsWrittenIn(Metadata trailers)
    {
        var expected = ApplicationTrailers.Count + (Details is null ? 0 : 1) + (RetryPushback is null ? 0 : 1);
        if (trailers.Count != expected)
        {
            return false;
        }

        var index = 0;
        foreach (var entry in ApplicationTrailers)
        {
            if (!ReferenceEquals(trailers[index++], entry))
            {
                return false;
            }
        }

        return (Details is null || ReferenceEquals(trailers[index++], Details))
            && (RetryPushback is null || ReferenceEquals(trailers[index], RetryPushback));
    }

    private void AddTo(Metadata destination)
    {
        foreach (var entry in ApplicationTrailers)
        {
            destination.Add(entry);
        }

        if (Details is not null)
        {
            destination.Add(Details);
        }

        if (RetryPushback is not null)
        {
            destination.Add(RetryPushback);
        }
    }
}
