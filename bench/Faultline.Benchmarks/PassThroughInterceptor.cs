using Grpc.Core.Interceptors;

namespace Faultline.Benchmarks;

/// <summary>
/// An interceptor that only calls on (the base class's behaviour for every call kind): what any
/// interceptor costs in grpc-dotnet before it does anything, the baseline Faultline is judged against.
/// </summary>
internal sealed class PassThroughInterceptor : Interceptor;
