using System.Reflection;
using Google.Protobuf.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Faultline.AspNetCore.Internal;

/// <summary>
/// ASP.NET Core's JSON transcoding renders an error's details as JSON and, when a detail's type is
/// not in its type registry (empty by default), fails the whole response: HTTP 500 with an empty
/// body, the status lost. So when the application uses JSON transcoding and has set no registry of
/// its own, the standard error detail types are registered. Found by name, so Faultline does not
/// depend on the transcoding package.
/// </summary>
internal static class JsonTranscodingErrorTypes
{
    private const string OptionsTypeName = "Microsoft.AspNetCore.Grpc.JsonTranscoding.GrpcJsonTranscodingOptions, Microsoft.AspNetCore.Grpc.JsonTranscoding";

    public static void Register(IServiceCollection services)
    {
        var optionsType = Type.GetType(OptionsTypeName, throwOnError: false);
        if (optionsType is null)
        {
            return;
        }

        services.TryAddEnumerable(Microsoft.Extensions.DependencyInjection.ServiceDescriptor.Singleton(
            typeof(IPostConfigureOptions<>).MakeGenericType(optionsType),
            typeof(RegistrySetup<>).MakeGenericType(optionsType)));
    }

    private sealed class RegistrySetup<TOptions> : IPostConfigureOptions<TOptions>
        where TOptions : class
    {
        private static readonly PropertyInfo? Registry = typeof(TOptions).GetProperty("TypeRegistry", typeof(TypeRegistry));

        public void PostConfigure(string? name, TOptions options)
        {
            if (Registry is not null && ReferenceEquals(Registry.GetValue(options), TypeRegistry.Empty))
            {
                Registry.SetValue(options, RichStatusJson.StandardTypes);
            }
        }
    }
}
