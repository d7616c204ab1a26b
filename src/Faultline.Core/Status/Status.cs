namespace Faultline;

/// <summary>
/// The outcome of a call: a <see cref="StatusCode"/> and a human-readable message. This is what
/// travels in the <c>grpc-status</c> and <c>grpc-message</c> trailers.
/// </summary>
public readonly struct Status : IEquatable<Status>
{
    /// <summary>The OK status with an empty message.</summary>
    public static readonly Status DefaultSuccess = new(StatusCode.OK, string.Empty);

    /// <summary>A cancelled status with an empty message.</summary>
    public static readonly Status DefaultCancelled = new(StatusCode.Cancelled, string.Empty);

    /// <summary>Creates a status.</summary>
    /// <param name="code">The status code.</param>
    /// <param name="message">The message; <c>null</c> is treated as empty.</param>
    public Status(StatusCode code, string? message)
    {
        Code = code;
        _message = message;
    }

    /// <summary>The status code.</summary>
    public StatusCode Code { get; }

    /// <summary>The status message (never null; empty when none was sent).</summary>
    public string Message => _message ?? string.Empty;

    private readonly string? _message;

    /// <summary>Whether this is <see cref="StatusCode.OK"/>.</summary>
    public bool IsOk => Code == StatusCode.OK;

    /// <inheritdoc />
    public bool Equals(Status other) => Code == other.Code && string.Equals(Message, other.Message, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Status other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Code, Message);

    /// <summary>Compares two statuses by code and message.</summary>
    public static bool operator ==(Status left, Status right) => left.Equals(right);

    /// <summary>Compares two statuses by code and message.</summary>
    public static bool operator !=(Status left, Status right) => !left.Equals(right);

    /// <inheritdoc />
    public override string ToString() => $"Status(StatusCode=\"{Code}\", Message=\"{Message}\")";
}
