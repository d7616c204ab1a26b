using Faultline;
using Faultline.AspNetCore;
using Faultline.FluentValidation.Internal;
using Google.Protobuf;
using Grpc.AspNetCore.Server;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>FluentValidation on grpc-dotnet services with Faultline's pipeline.</summary>
public static class FluentValidationGrpcServerBuilderExtensions
{
    /// <summary>
    /// Validates each request message with its <c>IValidator&lt;TRequest&gt;</c> from the container (register
    /// validators as usual, e.g. <c>AddValidatorsFromAssemblyContaining</c>), and maps FluentValidation's
    /// <c>ValidationException</c> thrown by a handler: both end the call with INVALID_ARGUMENT and a
    /// google.rpc.BadRequest naming each invalid field by its proto path with the validator's message.
    /// Streamed request messages are validated synchronously as they are read.
    /// </summary>
    /// <param name="builder">The builder <c>AddGrpc().AddFaultline()</c> returned.</param>
    public static IGrpcServerBuilder AddFluentValidation(this IGrpcServerBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.ConfigureAll<FaultlineServerOptions>(options => options.Exceptions.Map<global::FluentValidation.ValidationException>(
            static (exception, _) => FluentValidationStatus.Of(exception.Errors, null)));
        return builder.AddServerInterceptor<FluentValidationInterceptor>();
    }
}
