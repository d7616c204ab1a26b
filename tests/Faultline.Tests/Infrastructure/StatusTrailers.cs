namespace Faultline.Tests.Infrastructure;

/// <summary>Reads and builds status trailers the way a peer sees them, without Faultline's reader.</summary>
internal static class StatusTrailers
{
    public const string DetailsKey = "grpc-status-details-bin";

    public const string PushbackKey = "grpc-retry-pushback-ms";

    /// <summary>Trailers holding <paramref name="extra"/> text entries, then one details entry with <paramref name="detailsBytes"/>.</summary>
    public static Metadata With(byte[] detailsBytes, params (string Key, string Value)[] extra)
    {
        var trailers = new Metadata();
        foreach (var (key, value) in extra)
        {
            trailers.Add(key, value);
        }

        trailers.Add(DetailsKey, detailsBytes);
        return trailers;
    }

    /// <summary>The one details entry of <paramref name="trailers"/>, parsed as google.rpc.Status; fails unless there is exactly one.</summary>
    public static Google.Rpc.Status SingleDetails(Metadata trailers)
    {
        var entry = Assert.Single(trailers, e => e.Key == DetailsKey);
        Assert.True(entry.IsBinary);
        return Google.Rpc.Status.Parser.ParseFrom(entry.ValueBytes);
    }

    /// <summary>Asserts that the details trailer agrees with the status (what grpcio-status's from_call checks).</summary>
    public static Google.Rpc.Status AssertAgrees(Grpc.Core.Status status, Metadata trailers)
    {
        var proto = SingleDetails(trailers);
        Assert.Equal((int)status.StatusCode, proto.Code);
        Assert.Equal(status.Detail, proto.Message);
        return proto;
    }
}
