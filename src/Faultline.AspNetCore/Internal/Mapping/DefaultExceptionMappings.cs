using System.ComponentModel.DataAnnotations;
using Google.Rpc;
using Grpc.Core;

namespace Faultline.AspNetCore.Internal.Mapping;

/// <summary>The mappings every <see cref="ExceptionMappings"/> starts with.</summary>
internal static class DefaultExceptionMappings
{
    private static readonly Func<Exception, ServerCallContext, RichStatus?> NoDetails = static (_, _) => null;

    public static void AddTo(ExceptionMappings mappings)
    {
        mappings.MapDefault(typeof(ArgumentException), StatusCode.InvalidArgument, NoDetails);
        mappings.MapDefault(typeof(KeyNotFoundException), StatusCode.NotFound, NoDetails);
        mappings.MapDefault(typeof(NotImplementedException), StatusCode.Unimplemented, NoDetails);
        mappings.MapDefault(typeof(NotSupportedException), StatusCode.Unimplemented, NoDetails);
        mappings.MapDefault(typeof(UnauthorizedAccessException), StatusCode.PermissionDenied, NoDetails);
        mappings.MapDefault(typeof(TimeoutException), StatusCode.DeadlineExceeded, NoDetails);
        mappings.MapDefault(typeof(ValidationException), StatusCode.InvalidArgument, static (exception, _) => ValidationStatus.Of((ValidationException)exception));
        mappings.MapDefault(typeof(RequestDeserializationException), StatusCode.Internal, static (_, _) => new RichStatus(StatusCode.Internal, RequestDeserializationException.StatusMessage));
    }
}
