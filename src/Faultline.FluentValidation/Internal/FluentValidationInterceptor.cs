using System.Collections.Concurrent;
using Faultline.AspNetCore;
using FluentValidation;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace Faultline.FluentValidation.Internal;

/// <summary>
/// Validates request messages with the <c>IValidator&lt;TRequest&gt;</c> the call's services hold (none: not
/// validated). A single request is validated asynchronously before the method runs; streamed
/// messages are validated as they are read, synchronously, so their validators must not have async rules.
/// </summary>
internal sealed class FluentValidationInterceptor : ServerInterceptor
{
    private static readonly ConcurrentDictionary<Type, Type> ValidatorTypes = new();

    protected override async ValueTask<object?> InterceptAsync(ServerCall call, ServerCallContinuation next)
    {
        if (call.Request is { } request && ValidatorFor(call, request) is { } validator)
        {
            var result = await validator.ValidateAsync(new ValidationContext<object>(request), call.Context.CancellationToken).ConfigureAwait(false);
            if (!result.IsValid)
            {
                throw FluentValidationStatus.Of(result.Errors, request as IMessage).ToException();
            }
        }

        return await next(call).ConfigureAwait(false);
    }

    protected override object OnRequestMessage(ServerCall call, object message)
    {
        // The single request of unary and server-streaming calls was validated above.
        if (call.Kind is MethodType.ClientStreaming or MethodType.DuplexStreaming && ValidatorFor(call, message) is { } validator)
        {
            var result = validator.Validate(new ValidationContext<object>(message));
            if (!result.IsValid)
            {
                throw FluentValidationStatus.Of(result.Errors, message as IMessage).ToException();
            }
        }

        return message;
    }

    private static IValidator? ValidatorFor(ServerCall call, object message) =>
        call.Context.GetHttpContext().RequestServices.GetService(ValidatorTypes.GetOrAdd(message.GetType(), static type => typeof(IValidator<>).MakeGenericType(type))) as IValidator;
}
