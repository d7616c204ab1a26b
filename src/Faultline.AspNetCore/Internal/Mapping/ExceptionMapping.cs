using Grpc.Core;

namespace Faultline.AspNetCore.Internal.Mapping;

/// <summary>
/// One registered exception type's mapping: either a code (<paramref name="Code"/>, with the code's
/// default message and, from <paramref name="Build"/>, details safe to send) or, with no code, a
/// status built entirely by <paramref name="Build"/>.
/// </summary>
internal sealed record ExceptionMapping(StatusCode? Code, Func<Exception, ServerCallContext, RichStatus?> Build);
