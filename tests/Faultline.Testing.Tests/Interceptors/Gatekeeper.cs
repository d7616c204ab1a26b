using Faultline.AspNetCore;

namespace Faultline.Testing.Tests.Interceptors;

/// <summary>How <see cref="Gatekeeper"/> ends a call it refuses.</summary>
public enum Refusal
{
    /// <summary>Throws a PermissionDeniedException.</summary>
    Throw,

    /// <summary>Sets a rich status on the context and returns null.</summary>
    SetStatus,
}

/// <summary>Ends every call that carries an <c>x-deny</c> header without calling the next step; lets the others through.</summary>
public sealed class Gatekeeper(Refusal refusal) : ServerInterceptor
{
    public const string Message = "The gatekeeper refused the call.";

    public static RichStatus Status { get; } = RichStatus.Create(StatusCode.PermissionDenied, Message)
        .AddErrorInfo("DENIED", "gatekeeper.example.com")
        .Build();

    protected override ValueTask<object?> InterceptAsync(ServerCall call, ServerCallContinuation next)
    {
        if (call.Context.RequestHeaders.Get("x-deny") is null)
        {
            return next(call);
        }

        if (refusal == Refusal.Throw)
        {
            throw Status.ToException();
        }

        call.Context.SetRichStatus(Status);
        return ValueTask.FromResult<object?>(null);
    }
}
