using Grpc.Core.Interceptors;

namespace Faultline.Client.Internal;

/// <summary>
/// Faultline's client pipeline as grpc-dotnet interceptors, outermost first: the options'
/// interceptors in their order, then the translation, closest to the channel.
/// </summary>
internal static class FaultlineClientPipeline
{
    public static Interceptor[] Create(FaultlineClientOptions options)
    {
        var pipeline = new Interceptor[options.Interceptors.Count + 1];
        for (var i = 0; i < options.Interceptors.Count; i++)
        {
            pipeline[i] = options.Interceptors[i] ?? throw new ArgumentException($"FaultlineClientOptions.Interceptors[{i}] is null; add interceptor instances.", nameof(options));
        }

        pipeline[^1] = new FaultlineClientInterceptor(options);
        return pipeline;
    }
}
