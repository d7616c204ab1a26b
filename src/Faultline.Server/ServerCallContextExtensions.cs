using Faultline.Server.Internal;
using Microsoft.AspNetCore.Http;

namespace Faultline.Server;

/// <summary>Server-only access to a call: the underlying HTTP request and per-call response compression.</summary>
public static class ServerCallContextExtensions
{
    /// <summary>The ASP.NET Core <see cref="HttpContext"/> of the call.</summary>
    public static HttpContext GetHttpContext(this ServerCallContext context) => AsHttpCall(context).HttpContext;

    /// <summary>
    /// Compresses this call's responses with <paramref name="encoding"/> (e.g. <c>gzip</c>; <c>null</c> or
    /// <c>identity</c> for none). Must be called before the first response message or header write.
    /// Returns false, leaving responses uncompressed, when the client did not advertise the encoding.
    /// </summary>
    public static bool SetResponseCompression(this ServerCallContext context, string? encoding) =>
        AsHttpCall(context).TrySetResponseCompression(encoding);

    private static HttpServerCallContext AsHttpCall(ServerCallContext context) =>
        context as HttpServerCallContext
        ?? throw new InvalidOperationException($"This ServerCallContext ({context.GetType().Name}) is not backed by a Faultline HTTP call.");
}
