using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Faultline.Interop.Server.WireTap;

/// <summary>
/// Test-side wire inspection, not part of serving gRPC: runs before the gRPC endpoints, records each gRPC request in the <see cref="WireLog"/>, and swaps the
/// request and response body for pass-through wrappers that scan the message frames (see
/// <see cref="Faultline.Interop.WireTap.GrpcFrameScanner"/>). grpc-dotnet reads <c>HttpRequest.BodyReader</c> and writes
/// <c>HttpResponse.BodyWriter</c>, which come from these features.
/// </summary>
internal static class WireTapMiddleware
{
    /// <summary>The record of the current call, for the service (see <see cref="Get"/>).</summary>
    private static readonly object ItemKey = new();

    public static CallRecord? Get(HttpContext http) => http.Items.TryGetValue(ItemKey, out var record) ? record as CallRecord : null;

    public static async Task InvokeAsync(HttpContext http, RequestDelegate next, WireLog log, Action<CallRecord>? onCompleted)
    {
        if (!HttpMethods.IsPost(http.Request.Method) || http.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) != true)
        {
            await next(http);
            return;
        }

        var headers = http.Request.Headers;
        var record = new CallRecord(http.Request.Path, Header(headers["grpc-encoding"]), Header(headers["grpc-accept-encoding"]), Header(headers["grpc-timeout"]));
        http.Items[ItemKey] = record;
        log.Started(record);

        var requestBody = http.Features.Get<IRequestBodyPipeFeature>();
        if (requestBody is not null)
        {
            http.Features.Set<IRequestBodyPipeFeature>(new SniffedRequestBody(new FrameSniffingPipeReader(requestBody.Reader, record.RequestFrames)));
        }

        var responseBody = http.Features.Get<IHttpResponseBodyFeature>();
        if (responseBody is not null)
        {
            http.Features.Set<IHttpResponseBodyFeature>(new SniffedResponseBody(responseBody, new FrameSniffingPipeWriter(responseBody.Writer, record.ResponseFrames)));
        }

        using var abortRegistration = http.RequestAborted.UnsafeRegister(static state => ((CallRecord)state!).Aborted = true, record);
        try
        {
            await next(http);
        }
        finally
        {
            // A client's RST_STREAM can end the method (a failed read) before Kestrel's RequestAborted
            // callbacks have run, and they no longer run once the request is over: give them a moment.
            for (var i = 0; i < 5 && !record.Aborted && http.Response.StatusCode == 200 && !IsOk(http); i++)
            {
                await Task.Delay(10);
            }

            var response = http.Response;
            var trailers = http.Features.Get<IHttpResponseTrailersFeature>()?.Trailers;
            record.HttpStatus = response.StatusCode;
            record.ResponseEncoding = Header(response.Headers["grpc-encoding"]);
            record.GrpcStatus = Header(trailers?["grpc-status"]) ?? Header(response.Headers["grpc-status"]);
            record.GrpcMessage = Header(trailers?["grpc-message"]) ?? Header(response.Headers["grpc-message"]);
            record.Aborted |= http.RequestAborted.IsCancellationRequested;
            record.Completed = true;
            log.Completed(record);
            onCompleted?.Invoke(record);
        }
    }

    private static bool IsOk(HttpContext http) =>
        (http.Features.Get<IHttpResponseTrailersFeature>()?.Trailers["grpc-status"] is { Count: > 0 } trailer ? trailer : http.Response.Headers["grpc-status"]) == "0";

    private static string? Header(Microsoft.Extensions.Primitives.StringValues? value) =>
        value is { Count: > 0 } v ? v.ToString() : null;

    private sealed class SniffedRequestBody(PipeReader reader) : IRequestBodyPipeFeature
    {
        public PipeReader Reader => reader;
    }

    private sealed class SniffedResponseBody(IHttpResponseBodyFeature inner, PipeWriter writer) : IHttpResponseBodyFeature
    {
        public Stream Stream => inner.Stream;

        public PipeWriter Writer => writer;

        public Task CompleteAsync() => inner.CompleteAsync();

        public void DisableBuffering() => inner.DisableBuffering();

        public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) =>
            inner.SendFileAsync(path, offset, count, cancellationToken);

        public Task StartAsync(CancellationToken cancellationToken = default) => inner.StartAsync(cancellationToken);
    }
}
