using System.ComponentModel.DataAnnotations;
using Google.Protobuf;
using Google.Rpc;
using Grpc.Core;

namespace Faultline.AspNetCore.Internal.Mapping;

/// <summary>
/// INVALID_ARGUMENT with a BadRequest naming each invalid field. Validation messages are written for
/// the caller, so they are sent; member names of a protobuf message become its proto field names.
/// </summary>
internal static class ValidationStatus
{
    public static RichStatus Of(ValidationException exception) =>
        Of([exception.ValidationResult], exception.Value as IMessage);

    public static RichStatus Of(IEnumerable<ValidationResult> results, IMessage? message)
    {
        var badRequest = new BadRequest();
        foreach (var result in results)
        {
            var description = result.ErrorMessage ?? "The value is invalid.";
            var members = result.MemberNames.Any() ? result.MemberNames : [string.Empty];
            foreach (var member in members)
            {
                badRequest.FieldViolations.Add(new BadRequest.Types.FieldViolation { Field = ProtoFieldPath.FromPropertyPath(message?.Descriptor, member), Description = description });
            }
        }

        var summary = badRequest.FieldViolations.Count == 1 && badRequest.FieldViolations[0].Field.Length > 0
            ? $"The request is invalid: {badRequest.FieldViolations[0].Field}: {badRequest.FieldViolations[0].Description}"
            : $"The request is invalid ({badRequest.FieldViolations.Count} violations).";
        return RichStatus.Create(StatusCode.InvalidArgument, summary).AddDetail(badRequest).Build();
    }
}
