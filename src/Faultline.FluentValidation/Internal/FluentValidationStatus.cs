using FluentValidation.Results;
using Google.Protobuf;
using Google.Rpc;
using Grpc.Core;

namespace Faultline.FluentValidation.Internal;

/// <summary>INVALID_ARGUMENT with a BadRequest holding each failure: the property path as a proto field path, and the validator's message, which is written for the caller.</summary>
internal static class FluentValidationStatus
{
    public static RichStatus Of(IEnumerable<ValidationFailure> failures, IMessage? message)
    {
        var badRequest = new BadRequest();
        foreach (var failure in failures)
        {
            badRequest.FieldViolations.Add(new BadRequest.Types.FieldViolation
            {
                Field = ProtoFieldPath.FromPropertyPath(message?.Descriptor, failure.PropertyName ?? string.Empty),
                Description = failure.ErrorMessage ?? "The value is invalid.",
            });
        }

        var summary = badRequest.FieldViolations.Count == 1
            ? $"The request is invalid: {badRequest.FieldViolations[0].Field}: {badRequest.FieldViolations[0].Description}"
            : $"The request is invalid ({badRequest.FieldViolations.Count} violations).";
        return RichStatus.Create(StatusCode.InvalidArgument, summary).AddDetail(badRequest).Build();
    }
}
