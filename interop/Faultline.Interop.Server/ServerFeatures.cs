using Faultline.Interop.Server.WireTap;
using Grpc.Core;
using Grpc.Testing;

namespace Faultline.Interop.Server;

/// <summary>
/// The interop spec's server features shared by the TestService methods: Echo Metadata, Echo Status,
/// CompressedResponse (grpc-dotnet's <c>grpc-internal-encoding-request</c> response header) and
/// CompressedRequest (the per-message compressed flag, read by the test-side wire tap).
/// </summary>
internal static class ServerFeatures
{
    public const string EchoInitialKey = "x-grpc-test-echo-initial";
    public const string EchoTrailingKey = "x-grpc-test-echo-trailing-bin";

    // grpc-dotnet's way of choosing a call's response compression: this entry in the response headers
    // becomes grpc-encoding, and every message is compressed unless written with WriteFlags.NoCompress.
    private const string ResponseCompressionHeader = "grpc-internal-encoding-request";
    private const string Gzip = "gzip";

    public static bool HasEchoInitialMetadata(ServerCallContext context) => context.RequestHeaders.Get(EchoInitialKey) is not null;

    /// <summary>
    /// Echo Metadata (<c>x-grpc-test-echo-initial</c> goes back as a response header) and
    /// CompressedResponse (gzip for the call): sends the response headers now when either applies, and
    /// leaves them to grpc-dotnet otherwise, so a call that then fails is still Trailers-Only.
    /// </summary>
    public static async Task SendResponseHeadersAsync(ServerCallContext context, bool compressResponses)
    {
        var initial = context.RequestHeaders.Get(EchoInitialKey);
        if (initial is null && !compressResponses)
        {
            return;
        }

        var headers = new Metadata();
        if (initial is not null)
        {
            headers.Add(initial);
        }

        if (compressResponses)
        {
            headers.Add(ResponseCompressionHeader, Gzip);
        }

        await context.WriteResponseHeadersAsync(headers);
    }

    /// <summary>Echo Metadata: <c>x-grpc-test-echo-trailing-bin</c> goes back as a trailer.</summary>
    public static void EchoTrailingMetadata(ServerCallContext context)
    {
        foreach (var trailing in context.RequestHeaders.GetAll(EchoTrailingKey))
        {
            context.ResponseTrailers.Add(trailing);
        }
    }

    /// <summary>Echo Status: the status a request's response_status asks the call to end with, or null for none (code 0).</summary>
    public static RichStatus? EchoedStatus(EchoStatus? requested) =>
        requested is { Code: not 0 } ? new RichStatus((StatusCode)requested.Code, requested.Message) : null;

    /// <summary>
    /// CompressedRequest: with expect_compressed set, request message <paramref name="messageIndex"/> must
    /// (true) or must not (false) have arrived with the compressed flag; otherwise INVALID_ARGUMENT.
    /// </summary>
    public static void CheckExpectedCompression(BoolValue? expectCompressed, ServerCallContext context, int messageIndex)
    {
        if (expectCompressed is null)
        {
            return;
        }

        var compressed = WasCompressed(context, messageIndex, out var evidence);
        if (expectCompressed.Value != compressed)
        {
            var expected = expectCompressed.Value ? "true" : "false";
            throw RichStatus.Create(StatusCode.InvalidArgument, $"Request message #{messageIndex} expect_compressed={expected}, but it was {(compressed ? "compressed" : "not compressed")} ({evidence}).")
                .AddBadRequest(("expect_compressed", $"message #{messageIndex} was {(compressed ? "" : "not ")}compressed"))
                .ToException();
        }
    }

    /// <summary>
    /// Whether request message <paramref name="messageIndex"/> arrived compressed. grpc-dotnet does not
    /// expose the per-message compressed flag, so the wire tap's frame scanner reads it off the request
    /// body; without the tap only the call's grpc-encoding can be checked (a weaker test).
    /// </summary>
    private static bool WasCompressed(ServerCallContext context, int messageIndex, out string evidence)
    {
        var http = context.GetHttpContext();
        if (WireTapMiddleware.Get(http)?.RequestFrames.TryGet(messageIndex) is { } frame)
        {
            evidence = $"compressed flag {(frame.Compressed ? 1 : 0)} on the wire";
            return frame.Compressed;
        }

        var encoding = http.Request.Headers["grpc-encoding"].ToString();
        evidence = $"no frame record; grpc-encoding '{encoding}'";
        return encoding.Length > 0 && !string.Equals(encoding, "identity", StringComparison.OrdinalIgnoreCase);
    }
}
