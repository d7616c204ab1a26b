namespace Faultline.Internal.Wire;

/// <summary>The names of the gRPC headers and trailers Faultline reads and writes.</summary>
internal static class StatusHeaderNames
{
    public const string Status = "grpc-status";

    public const string Message = "grpc-message";

    /// <summary>The serialized google.rpc.Status (the same name as Grpc.StatusProto's constant).</summary>
    public const string StatusDetails = "grpc-status-details-bin";

    /// <summary>gRFC A6: how long the client should wait before its next attempt; negative means do not retry.</summary>
    public const string RetryPushback = "grpc-retry-pushback-ms";

    /// <summary>Whether Faultline itself writes this trailer; such entries are never copied from application trailers.</summary>
    public static bool IsOwnedByFaultline(string key) =>
        string.Equals(key, StatusDetails, StringComparison.OrdinalIgnoreCase)
        || string.Equals(key, RetryPushback, StringComparison.OrdinalIgnoreCase)
        || string.Equals(key, Status, StringComparison.OrdinalIgnoreCase)
        || string.Equals(key, Message, StringComparison.OrdinalIgnoreCase);
}
