using System.Net;
using Faultline.Compression;
using Faultline.Protocol;

namespace Faultline.Client.Internal;

/// <summary>Builds the HTTP/2 request of a call: method, version policy and the gRPC request headers.</summary>
internal static class GrpcRequestFactory
{
    /// <param name="channel">The channel the call runs on.</param>
    /// <param name="method">The method called.</param>
    /// <param name="metadata">The caller's custom metadata, or null.</param>
    /// <param name="compression">The request compression, or null for none.</param>
    /// <param name="timeout">The time left until the deadline, or null for none.</param>
    /// <param name="content">The request body.</param>
    public static HttpRequestMessage Create(GrpcChannel channel, IMethod method, Metadata? metadata, ICompressionProvider? compression, TimeSpan? timeout, HttpContent content)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, channel.GetMethodUri(method))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        };

        content.Headers.TryAddWithoutValidation(GrpcProtocolConstants.ContentTypeHeader, GrpcProtocolConstants.ContentType);
        var headers = request.Headers;
        headers.TryAddWithoutValidation(GrpcProtocolConstants.TeHeader, GrpcProtocolConstants.TeTrailers);
        headers.TryAddWithoutValidation(GrpcProtocolConstants.AcceptEncodingHeader, channel.CompressionProviders.AcceptEncodingHeaderValue);
        if (compression is not null)
        {
            headers.TryAddWithoutValidation(GrpcProtocolConstants.EncodingHeader, compression.EncodingName);
        }

        if (timeout is { } left)
        {
            headers.TryAddWithoutValidation(GrpcProtocolConstants.TimeoutHeader, GrpcTimeout.Encode(left));
        }

        string? userAgent = null;
        if (metadata is not null)
        {
            for (var i = 0; i < metadata.Count; i++)
            {
                var entry = metadata[i];
                var key = entry.Key;
                if (ReservedHeaders.IsReserved(key))
                {
                    // The protocol headers are the transport's; only the user agent may be replaced.
                    if (string.Equals(key, GrpcProtocolConstants.UserAgentHeader, StringComparison.Ordinal) && !entry.IsBinary)
                    {
                        userAgent = entry.Value;
                    }

                    continue;
                }

                headers.TryAddWithoutValidation(key, entry.IsBinary ? BinaryHeaderValue.Encode(entry.ValueBytes) : entry.Value);
            }
        }

        headers.TryAddWithoutValidation(GrpcProtocolConstants.UserAgentHeader, userAgent ?? GrpcProtocolConstants.UserAgent);
        return request;
    }
}
