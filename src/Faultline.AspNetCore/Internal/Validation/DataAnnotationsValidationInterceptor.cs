using System.ComponentModel.DataAnnotations;
using Faultline.AspNetCore.Internal.Mapping;
using Google.Protobuf;

namespace Faultline.AspNetCore.Internal.Validation;

/// <summary>
/// Validates every request message, streamed ones too, with DataAnnotations: attributes on the
/// message type and <see cref="IValidatableObject"/> (which a generated protobuf message can implement
/// in a partial class). An invalid message fails the call with INVALID_ARGUMENT and a BadRequest
/// naming each field by its proto name.
/// </summary>
internal sealed class DataAnnotationsValidationInterceptor : ServerInterceptor
{
    protected override ValueTask<object?> InterceptAsync(ServerCall call, ServerCallContinuation next) => next(call);

    protected internal override object OnRequestMessage(ServerCall call, object message)
    {
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(message, new ValidationContext(message), results, validateAllProperties: true))
        {
            throw ValidationStatus.Of(results, message as IMessage).ToException();
        }

        return message;
    }
}
