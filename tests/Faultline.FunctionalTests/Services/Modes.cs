namespace Faultline.FunctionalTests.Services;

/// <summary>What a <see cref="CallsService"/> call does, by <c>CallRequest.mode</c>.</summary>
public static class Modes
{
    public const string Ok = "ok";

    /// <summary>Throws <see cref="NotFoundException"/> with an ErrorInfo and a ResourceInfo.</summary>
    public const string ThrowTyped = "throw-typed";

    /// <summary>Throws a plain <see cref="RpcException"/> (PERMISSION_DENIED) with an application trailer.</summary>
    public const string ThrowRpc = "throw-rpc";

    /// <summary>Throws <c>Google.Rpc.Status.ToRpcException()</c> (Grpc.StatusProto), FAILED_PRECONDITION with a PreconditionFailure.</summary>
    public const string ThrowStatusProto = "throw-statusproto";

    /// <summary>Throws an <see cref="InvalidOperationException"/> whose message must not leak.</summary>
    public const string ThrowUnexpected = "throw-unexpected";

    /// <summary><c>SetRichStatus</c> RESOURCE_EXHAUSTED with a QuotaFailure, no throw.</summary>
    public const string SetRich = "set-rich";

    /// <summary>Sets <c>context.Status</c> (ABORTED) directly, no throw, no details.</summary>
    public const string SetPlain = "set-plain";

    /// <summary><c>SetRichStatus</c> as <see cref="SetRich"/>, then <c>context.Status</c> set to <see cref="SetPlain"/>'s ABORTED.</summary>
    public const string SetRichThenPlain = "set-rich-then-plain";

    /// <summary><c>SetRichStatus</c> UNAVAILABLE with a RetryInfo of <c>size</c> milliseconds.</summary>
    public const string SetRetryInfo = "set-retry-info";

    /// <summary>Throws UNAVAILABLE with a RetryInfo of <c>size</c> milliseconds.</summary>
    public const string ThrowRetryInfo = "throw-retry-info";

    /// <summary>Throws INVALID_ARGUMENT with an ErrorInfo, a DebugInfo and a BadRequest of about <c>size</c> bytes.</summary>
    public const string HugeDetails = "huge-details";

    /// <summary>Throws INVALID_ARGUMENT with a message of <c>size</c> characters and an ErrorInfo.</summary>
    public const string HugeMessage = "huge-message";

    /// <summary>Adds a text trailer with a non-ASCII value (<c>text</c>), then throws NOT_FOUND.</summary>
    public const string NonAsciiTrailer = "non-ascii-trailer";

    /// <summary>Adds an ASCII trailer on the context, then throws NOT_FOUND with a non-ASCII trailer (<c>text</c>) of its own.</summary>
    public const string NonAsciiExceptionTrailer = "non-ascii-exception-trailer";

    /// <summary>Throws INTERNAL with a DebugInfo detail.</summary>
    public const string ThrowDebugInfo = "throw-debug-info";

    /// <summary>Adds a trailer on the context and throws NOT_FOUND with a trailer of its own.</summary>
    public const string TrailersBoth = "trailers-both";

    /// <summary>Throws an <see cref="OperationCanceledException"/> while the call is not cancelled.</summary>
    public const string ThrowCanceledWhileRunning = "throw-oce";

    /// <summary>Waits <c>size</c> milliseconds (observing cancellation), then succeeds.</summary>
    public const string Slow = "slow";

    /// <summary>Throws the status <see cref="SetRich"/> sets (RESOURCE_EXHAUSTED with a QuotaFailure).</summary>
    public const string ThrowRich = "throw-rich";

    /// <summary>
    /// Fails the first <c>count</c> attempts keyed by <c>text</c> with UNAVAILABLE and a RetryInfo of
    /// <c>size</c> milliseconds (set without throwing), then succeeds; attempts are recorded in <see cref="AttemptLog"/>.
    /// </summary>
    public const string FailAttempts = "fail-attempts";

    /// <summary>Throws an RpcException (NOT_FOUND) whose grpc-status-details-bin is not a google.rpc.Status.</summary>
    public const string ThrowMalformedDetails = "throw-malformed-details";

    /// <summary>Throws an RpcException (NOT_FOUND) whose details trailer says INTERNAL with another message.</summary>
    public const string ThrowMismatchedDetails = "throw-mismatched-details";

    /// <summary>Throws <c>Google.Rpc.Status.ToRpcException()</c> with a BadRequest of about <c>size</c> bytes (no Faultline type involved).</summary>
    public const string HugeStatusProto = "huge-statusproto";

    /// <summary>Throws DEADLINE_EXCEEDED with an ErrorInfo (a downstream timeout, say).</summary>
    public const string ThrowDeadline = "throw-deadline";

    /// <summary>Throws the domain exception <see cref="ThingMissingException"/> for <c>text</c>.</summary>
    public const string ThrowDomain = "throw-domain";

    /// <summary>Throws FluentValidation's ValidationException with two failures.</summary>
    public const string ThrowFluentValidation = "throw-fluent-validation";

    /// <summary>
    /// Fails the first <c>size</c> attempts keyed by <c>text</c> with UNAVAILABLE (set without throwing,
    /// a trailer <c>x-attempt</c> with the attempt's number) as soon as the call's first request arrives:
    /// Trailers-Only, before any reply, without reading further requests. Later attempts send the
    /// response header <c>x-attempt</c>, then succeed as <see cref="Ok"/> does (<c>count</c> replies on
    /// the streaming kinds). Attempts are recorded in <see cref="AttemptLog"/>.
    /// </summary>
    public const string FailFirstAttempts = "fail-first-attempts";

    /// <summary>Records the call in <see cref="AttemptLog"/> under <c>text</c>, then waits <c>size</c> milliseconds (observing cancellation) and succeeds.</summary>
    public const string Record = "record";

    /// <summary>
    /// Succeeds with the request header named by <c>text</c> in the trailer <c>x-echo</c> (its values
    /// comma-joined; <c>(none)</c> when absent), and as the reply's text on unary calls.
    /// </summary>
    public const string EchoHeader = "echo-header";
}
