using System.Net.Http.Headers;
using Faultline.Protocol;

namespace Faultline.Client.Internal;

/// <summary>
/// Turns received HTTP headers and trailers into <see cref="Metadata"/>: protocol and transport headers
/// are left out (<c>grpc-status-details-bin</c> is kept), <c>-bin</c> values are base64-decoded.
/// A value that cannot be metadata (invalid base64, a non-printable character, an invalid name) is
/// skipped rather than failing the call, so the call's real status is never lost to it.
/// </summary>
internal static class ResponseMetadata
{
    /// <summary>The response headers (including content headers) as metadata.</summary>
    public static Metadata FromHeaders(HttpResponseMessage response)
    {
        var metadata = new Metadata();
        AddAll(response.Headers, metadata);
        AddAll(response.Content.Headers, metadata);
        return metadata;
    }

    /// <summary>The trailers as metadata.</summary>
    public static Metadata FromTrailers(HttpResponseHeaders trailers)
    {
        var metadata = new Metadata();
        AddAll(trailers, metadata);
        return metadata;
    }

    private static void AddAll(HttpHeaders headers, Metadata target)
    {
        foreach (var header in headers.NonValidated)
        {
            var name = header.Key;
            if (ReservedHeaders.IsReserved(name))
            {
                continue;
            }

            var binary = Metadata.IsBinaryKey(name);
            foreach (var value in header.Value)
            {
                if (binary)
                {
                    AddBinary(target, name, value);
                }
                else
                {
                    TryAdd(target, name, value);
                }
            }
        }
    }

    private static void AddBinary(Metadata target, string name, string value)
    {
        // Several binary values of one key may arrive joined by commas; base64 never contains one.
        if (value.Contains(','))
        {
            foreach (var range in value.AsSpan().Split(','))
            {
                TryAddBinary(target, name, value[range]);
            }

            return;
        }

        TryAddBinary(target, name, value);
    }

    private static void TryAddBinary(Metadata target, string name, string value)
    {
        byte[] bytes;
        try
        {
            bytes = BinaryHeaderValue.Decode(value);
        }
        catch (FormatException)
        {
            return;
        }

        try
        {
            target.Add(new Metadata.Entry(name, bytes));
        }
        catch (ArgumentException)
        {
        }
    }

    private static void TryAdd(Metadata target, string name, string value)
    {
        try
        {
            target.Add(new Metadata.Entry(name, value));
        }
        catch (ArgumentException)
        {
        }
    }
}
