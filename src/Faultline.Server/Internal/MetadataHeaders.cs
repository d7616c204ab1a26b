using Faultline.Protocol;
using Microsoft.AspNetCore.Http;

namespace Faultline.Server.Internal;

/// <summary>Converts between <see cref="Metadata"/> and ASP.NET Core header dictionaries.</summary>
internal static class MetadataHeaders
{
    /// <summary>
    /// Appends custom metadata. Reserved names are skipped so they cannot forge protocol headers, and
    /// so is <c>grpc-status-details-bin</c>: the details trailer is written only from the call's
    /// status, so it can never contradict <c>grpc-status</c> (e.g. one relayed from another call).
    /// </summary>
    public static void Append(IHeaderDictionary destination, Metadata metadata)
    {
        foreach (var entry in metadata)
        {
            if (ReservedHeaders.IsReserved(entry.Key) || IsStatusDetails(entry.Key))
            {
                continue;
            }

            var value = entry.IsBinary ? BinaryHeaderValue.Encode(entry.ValueBytes) : entry.Value;
            destination.Append(entry.Key, value);
        }
    }

    public static bool IsStatusDetails(string key) => string.Equals(key, GrpcProtocolConstants.StatusDetailsHeader, StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads the custom metadata of a request.</summary>
    /// <exception cref="GrpcException">A <c>-bin</c> value is not valid base64 (INVALID_ARGUMENT).</exception>
    public static Metadata Read(IHeaderDictionary headers)
    {
        var metadata = new Metadata();
        foreach (var header in headers)
        {
            if (ReservedHeaders.IsReserved(header.Key))
            {
                continue;
            }

            var isBinary = Metadata.IsBinaryKey(header.Key);
            foreach (var value in header.Value)
            {
                if (value is null)
                {
                    continue;
                }

                if (isBinary)
                {
                    metadata.Add(header.Key, DecodeBinary(header.Key, value));
                }
                else if (IsValidAsciiMetadata(header.Key, value))
                {
                    metadata.Add(new Metadata.Entry(header.Key, value));
                }
            }
        }

        return metadata;
    }

    // HTTP allows header names and values that gRPC metadata does not (upper case cannot occur in
    // HTTP/2, but e.g. '/' in names or tabs in values can); such headers are not metadata and are skipped.
    private static bool IsValidAsciiMetadata(string key, string value)
    {
        foreach (var c in key)
        {
            if (c is not (>= 'a' and <= 'z' or >= '0' and <= '9' or '-' or '_' or '.'))
            {
                return false;
            }
        }

        foreach (var c in value)
        {
            if (c is < (char)0x20 or > (char)0x7E)
            {
                return false;
            }
        }

        return true;
    }

    private static byte[] DecodeBinary(string key, string value)
    {
        try
        {
            return BinaryHeaderValue.Decode(value);
        }
        catch (FormatException)
        {
            throw new GrpcException(new Status(StatusCode.InvalidArgument, $"Request header '{key}' is not valid base64."));
        }
    }
}
