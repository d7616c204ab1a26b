using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace Faultline;

/// <summary>
/// Builds a <see cref="RichStatus"/> with any of the ten standard error details
/// (google/rpc/error_details.proto) or any user message. Each <c>Add*</c> call appends one detail.
/// </summary>
public sealed class RichStatusBuilder
{
    private readonly StatusCode _code;
    private readonly string? _message;
    private readonly List<Any> _details = new();

    /// <summary>Starts a status with <paramref name="code"/> and <paramref name="message"/>.</summary>
    public RichStatusBuilder(StatusCode code, string? message)
    {
        _code = code;
        _message = message;
    }

    /// <summary>Adds any protobuf message as a detail.</summary>
    public RichStatusBuilder AddDetail(IMessage detail)
    {
        ArgumentNullException.ThrowIfNull(detail);
        _details.Add(detail is Any any ? any : Any.Pack(detail));
        return this;
    }

    /// <summary>
    /// Adds an <see cref="ErrorInfo"/>: why the error happened, as a stable machine-readable
    /// <paramref name="reason"/> (AIP-193: UPPER_SNAKE_CASE) within a <paramref name="domain"/>
    /// (usually the service name), with the dynamic parts of the message in <paramref name="metadata"/>.
    /// </summary>
    public RichStatusBuilder AddErrorInfo(string reason, string domain, IEnumerable<KeyValuePair<string, string>>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(reason);
        ArgumentNullException.ThrowIfNull(domain);
        var info = new ErrorInfo { Reason = reason, Domain = domain };
        foreach (var (key, value) in metadata ?? [])
        {
            info.Metadata[key] = value;
        }

        return AddDetail(info);
    }

    /// <summary>Adds a <see cref="BadRequest"/> with one violation per (field, description) pair.</summary>
    public RichStatusBuilder AddBadRequest(params (string Field, string Description)[] fieldViolations)
    {
        var badRequest = new BadRequest();
        foreach (var (field, description) in fieldViolations)
        {
            badRequest.FieldViolations.Add(new BadRequest.Types.FieldViolation { Field = field, Description = description });
        }

        return AddDetail(badRequest);
    }

    /// <summary>Adds a <see cref="RetryInfo"/>: how long the client should wait before retrying.</summary>
    public RichStatusBuilder AddRetryInfo(TimeSpan retryDelay) =>
        AddDetail(new RetryInfo { RetryDelay = Duration.FromTimeSpan(retryDelay) });

    /// <summary>
    /// Adds a <see cref="DebugInfo"/> (stack entries and detail). It is sent only when the service
    /// opts in to detailed errors (grpc-dotnet's <c>EnableDetailedErrors</c> with the Faultline server
    /// pipeline); otherwise it is removed before the status leaves the process.
    /// </summary>
    public RichStatusBuilder AddDebugInfo(IEnumerable<string> stackEntries, string? detail = null)
    {
        var info = new DebugInfo { Detail = detail ?? string.Empty };
        info.StackEntries.Add(stackEntries);
        return AddDetail(info);
    }

    /// <summary>Adds a <see cref="DebugInfo"/> describing <paramref name="exception"/>.</summary>
    public RichStatusBuilder AddDebugInfo(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var stack = exception.StackTrace?.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
        return AddDebugInfo(stack, $"{exception.GetType().FullName}: {exception.Message}");
    }

    /// <summary>Adds a <see cref="QuotaFailure"/> with one violation per (subject, description) pair.</summary>
    public RichStatusBuilder AddQuotaFailure(params (string Subject, string Description)[] violations)
    {
        var failure = new QuotaFailure();
        foreach (var (subject, description) in violations)
        {
            failure.Violations.Add(new QuotaFailure.Types.Violation { Subject = subject, Description = description });
        }

        return AddDetail(failure);
    }

    /// <summary>Adds a <see cref="PreconditionFailure"/> with one violation per (type, subject, description).</summary>
    public RichStatusBuilder AddPreconditionFailure(params (string Type, string Subject, string Description)[] violations)
    {
        var failure = new PreconditionFailure();
        foreach (var (type, subject, description) in violations)
        {
            failure.Violations.Add(new PreconditionFailure.Types.Violation { Type = type, Subject = subject, Description = description });
        }

        return AddDetail(failure);
    }

    /// <summary>Adds a <see cref="ResourceInfo"/>: the resource the error is about.</summary>
    public RichStatusBuilder AddResourceInfo(string resourceType, string resourceName, string? owner = null, string? description = null) =>
        AddDetail(new ResourceInfo { ResourceType = resourceType, ResourceName = resourceName, Owner = owner ?? string.Empty, Description = description ?? string.Empty });

    /// <summary>Adds a <see cref="RequestInfo"/>: the request id to quote in a bug report.</summary>
    public RichStatusBuilder AddRequestInfo(string requestId, string? servingData = null) =>
        AddDetail(new RequestInfo { RequestId = requestId, ServingData = servingData ?? string.Empty });

    /// <summary>Adds a <see cref="Help"/> with one link per (description, url) pair.</summary>
    public RichStatusBuilder AddHelp(params (string Description, string Url)[] links)
    {
        var help = new Help();
        foreach (var (description, url) in links)
        {
            help.Links.Add(new Help.Types.Link { Description = description, Url = url });
        }

        return AddDetail(help);
    }

    /// <summary>Adds a <see cref="LocalizedMessage"/>: a message safe to show to an end user, in <paramref name="locale"/>.</summary>
    public RichStatusBuilder AddLocalizedMessage(string locale, string message) =>
        AddDetail(new LocalizedMessage { Locale = locale, Message = message });

    /// <summary>Builds the status.</summary>
    public RichStatus Build() => new(_code, _message, _details);

    /// <summary>Builds the status and wraps it in the <see cref="GrpcException"/> subclass for its code.</summary>
    /// <exception cref="ArgumentException">The code is OK.</exception>
    public GrpcException ToException(Metadata? trailers = null) => GrpcException.Create(Build(), trailers);
}
