using System.ComponentModel.DataAnnotations;

namespace Faultline.FunctionalTests;

/// <summary>DataAnnotations rules of the generated <c>CallRequest</c>, in a partial class as an application writes them.</summary>
public sealed partial class CallRequest : IValidatableObject
{
    public const string ForbiddenText = "forbidden";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Count < 0)
        {
            yield return new ValidationResult("The count must not be negative.", [nameof(Count)]);
        }

        if (Text == ForbiddenText)
        {
            yield return new ValidationResult("This text is not allowed.", [nameof(Text)]);
        }
    }
}
