using System.Globalization;
using System.Net.Http;
using System.Net.Sockets;

namespace Faultline.Client.Internal;

/// <summary>
/// Maps what the HTTP stack throws to the status a call ends with: HTTP/2 stream and connection error
/// codes (RST_STREAM / GOAWAY), connection failures and other I/O errors.
/// </summary>
internal static class ExceptionStatusMapper
{
    /// <summary>The status for <paramref name="exception"/>, thrown while the call was running.</summary>
    public static Status ToStatus(Exception exception)
    {
        if (exception is GrpcException grpc)
        {
            return grpc.Status;
        }

        if (Find<HttpProtocolException>(exception) is { } protocol)
        {
            return FromHttp2Error(protocol);
        }

        if (exception is OperationCanceledException or ObjectDisposedException)
        {
            return new Status(StatusCode.Cancelled, "The call was cancelled by the HTTP stack: " + exception.Message);
        }

        if (exception is HttpRequestException request)
        {
            var detail = Find<SocketException>(request) is { } socket && !request.Message.Contains(socket.Message, StringComparison.Ordinal)
                ? $"{request.Message} ({socket.Message})"
                : request.Message;
            return new Status(StatusCode.Unavailable, "Could not reach the server: " + detail);
        }

        if (exception is IOException or SocketException)
        {
            return new Status(StatusCode.Unavailable, "The connection to the server failed: " + exception.Message);
        }

        return new Status(StatusCode.Internal, $"The call failed with an unexpected {exception.GetType().Name}: {exception.Message}");
    }

    /// <summary>The status code for an HTTP/2 error code (PROTOCOL-HTTP2.md, "Errors").</summary>
    public static StatusCode FromHttp2ErrorCode(long errorCode) => errorCode switch
    {
        0x7 => StatusCode.Unavailable,       // REFUSED_STREAM: not processed, safe to retry.
        0x8 => StatusCode.Cancelled,         // CANCEL
        0xb => StatusCode.ResourceExhausted, // ENHANCE_YOUR_CALM
        0xc => StatusCode.PermissionDenied,  // INADEQUATE_SECURITY
        _ => StatusCode.Internal,            // NO_ERROR before trailers, PROTOCOL_ERROR, INTERNAL_ERROR, FLOW_CONTROL_ERROR, ...
    };

    private static Status FromHttp2Error(HttpProtocolException exception)
    {
        var code = exception.ErrorCode;
        return new Status(
            FromHttp2ErrorCode(code),
            $"The HTTP/2 stream was reset with {Http2ErrorName(code)} (0x{code.ToString("x", CultureInfo.InvariantCulture)}): {exception.Message}");
    }

    private static string Http2ErrorName(long code) => code switch
    {
        0x0 => "NO_ERROR",
        0x1 => "PROTOCOL_ERROR",
        0x2 => "INTERNAL_ERROR",
        0x3 => "FLOW_CONTROL_ERROR",
        0x4 => "SETTINGS_TIMEOUT",
        0x5 => "STREAM_CLOSED",
        0x6 => "FRAME_SIZE_ERROR",
        0x7 => "REFUSED_STREAM",
        0x8 => "CANCEL",
        0x9 => "COMPRESSION_ERROR",
        0xa => "CONNECT_ERROR",
        0xb => "ENHANCE_YOUR_CALM",
        0xc => "INADEQUATE_SECURITY",
        0xd => "HTTP_1_1_REQUIRED",
        _ => "an unknown error code",
    };

    private static T? Find<T>(Exception exception)
        where T : Exception
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is T match)
            {
                return match;
            }
        }

        return null;
    }
}
