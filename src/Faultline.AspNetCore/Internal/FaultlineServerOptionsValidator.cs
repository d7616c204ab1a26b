using Grpc.Core;
using Microsoft.Extensions.Options;

namespace Faultline.AspNetCore.Internal;

/// <summary>Refuses options that would make the pipeline unsafe, with a message saying what to change.</summary>
internal sealed class FaultlineServerOptionsValidator : IValidateOptions<FaultlineServerOptions>
{
    public ValidateOptionsResult Validate(string? name, FaultlineServerOptions options)
    {
        var failures = new List<string>();
        if (options.MaxStatusTrailerSize is < FaultlineServerOptions.MinStatusTrailerSize or > FaultlineServerOptions.MaxAllowedStatusTrailerSize)
        {
            failures.Add($"FaultlineServerOptions.MaxStatusTrailerSize is {options.MaxStatusTrailerSize}; it must be between {FaultlineServerOptions.MinStatusTrailerSize} and {FaultlineServerOptions.MaxAllowedStatusTrailerSize} bytes (default {8 * 1024}).");
        }

        if (options.UnexpectedExceptionStatusCode == StatusCode.OK)
        {
            failures.Add("FaultlineServerOptions.UnexpectedExceptionStatusCode is OK; a call whose handler threw must fail. Use Unknown (the default) or Internal.");
        }
        else if (!Enum.IsDefined(options.UnexpectedExceptionStatusCode))
        {
            failures.Add($"FaultlineServerOptions.UnexpectedExceptionStatusCode is {(int)options.UnexpectedExceptionStatusCode}, which is not a gRPC status code.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
