namespace Faultline.Protocol;

/// <summary>Recognizes gRPC content types.</summary>
internal static class GrpcContentType
{
    /// <summary>
    /// True for <c>application/grpc</c>, <c>application/grpc+proto</c> (any <c>+subtype</c>) and either
    /// with parameters (<c>;charset=...</c>), case-insensitively.
    /// </summary>
    public static bool IsGrpc(string? contentType)
    {
        if (contentType is null)
        {
            return false;
        }

        var value = contentType.AsSpan().Trim();
        if (!value.StartsWith(GrpcProtocolConstants.ContentType, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (value.Length == GrpcProtocolConstants.ContentType.Length)
        {
            return true;
        }

        var next = value[GrpcProtocolConstants.ContentType.Length];
        return next is '+' or ';';
    }
}
