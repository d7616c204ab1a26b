namespace Faultline;

/// <summary>Per-call options for a client call.</summary>
public readonly record struct CallOptions
{
    /// <summary>Creates call options.</summary>
    public CallOptions(Metadata? headers = null, DateTime? deadline = null, CancellationToken cancellationToken = default, WriteOptions? writeOptions = null, string? compression = null)
    {
        Headers = headers;
        Deadline = deadline;
        CancellationToken = cancellationToken;
        WriteOptions = writeOptions;
        Compression = compression;
    }

    /// <summary>Custom metadata to send with the request.</summary>
    public Metadata? Headers { get; init; }

    /// <summary>
    /// The deadline, in UTC. A <see cref="DateTimeKind.Local"/> time is converted to UTC; an
    /// <see cref="DateTimeKind.Unspecified"/> one is taken as UTC.
    /// <c>null</c> or <see cref="DateTime.MaxValue"/> means no deadline.
    /// </summary>
    public DateTime? Deadline { get; init; }

    /// <summary>Cancels the call.</summary>
    public CancellationToken CancellationToken { get; init; }

    /// <summary>Options for request messages.</summary>
    public WriteOptions? WriteOptions { get; init; }

    /// <summary>
    /// The message compression for requests, e.g. <c>gzip</c>; <c>null</c> uses the channel's default.
    /// </summary>
    public string? Compression { get; init; }

    /// <summary>Returns a copy with <paramref name="headers"/>.</summary>
    public CallOptions WithHeaders(Metadata? headers) => this with { Headers = headers };

    /// <summary>Returns a copy with <paramref name="deadline"/>.</summary>
    public CallOptions WithDeadline(DateTime? deadline) => this with { Deadline = deadline };

    /// <summary>Returns a copy with <paramref name="cancellationToken"/>.</summary>
    public CallOptions WithCancellationToken(CancellationToken cancellationToken) => this with { CancellationToken = cancellationToken };

    /// <summary>Returns a copy with request compression <paramref name="compression"/>.</summary>
    public CallOptions WithCompression(string? compression) => this with { Compression = compression };
}
