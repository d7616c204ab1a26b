using Faultline.AspNetCore.Internal.Validation;
using Grpc.AspNetCore.Server;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Validates request messages on grpc-dotnet services.</summary>
public static class ValidationGrpcServerBuilderExtensions
{
    /// <summary>
    /// Validates each request message (streamed ones too) with DataAnnotations before the method sees
    /// it: validation attributes, and <see cref="System.ComponentModel.DataAnnotations.IValidatableObject"/>
    /// implemented in a partial class of a generated message. An invalid message ends the call with
    /// INVALID_ARGUMENT and a google.rpc.BadRequest naming each field (proto field names). A
    /// DataAnnotations <c>ValidationException</c> thrown by a handler gets the same status without this.
    /// </summary>
    /// <param name="builder">The builder <c>AddGrpc()</c> returned.</param>
    public static IGrpcServerBuilder AddDataAnnotationsValidation(this IGrpcServerBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddServerInterceptor<DataAnnotationsValidationInterceptor>();
    }
}
