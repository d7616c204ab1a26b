using Xunit.Sdk;

namespace Faultline.RichInteropTests.Infrastructure;

/// <summary>Byte-for-byte comparisons with failure messages that show both sides and where they first differ.</summary>
public static class Bytes
{
    public static void Equal(byte[]? expected, byte[]? actual, string what)
    {
        if (expected is null || actual is null)
        {
            Assert.True(expected is null && actual is null, $"{what}: expected {Show(expected)}, got {Show(actual)}");
            return;
        }

        if (!expected.AsSpan().SequenceEqual(actual))
        {
            var at = expected.AsSpan().CommonPrefixLength(actual);
            throw new XunitException(
                $"{what}: bytes differ (lengths {expected.Length}/{actual.Length}, first difference at byte {at})\n" +
                $" expected {Show(expected)}\n got      {Show(actual)}");
        }
    }

    /// <summary>Asserts that two detail lists have the same type URLs and value bytes, in order.</summary>
    public static void DetailsEqual(IReadOnlyList<(string TypeUrl, byte[] Value)> expected, IReadOnlyList<(string TypeUrl, byte[] Value)> actual, string what)
    {
        Assert.True(expected.Count == actual.Count, $"{what}: {actual.Count} details [{string.Join(", ", actual.Select(d => d.TypeUrl))}], expected {expected.Count} [{string.Join(", ", expected.Select(d => d.TypeUrl))}]");
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.True(expected[i].TypeUrl == actual[i].TypeUrl, $"{what}: detail {i} has type {actual[i].TypeUrl}, expected {expected[i].TypeUrl}");
            Equal(expected[i].Value, actual[i].Value, $"{what}: detail {i} ({expected[i].TypeUrl})");
        }
    }

    public static IReadOnlyList<(string TypeUrl, byte[] Value)> Pairs(RichStatus status) =>
        status.Details.Select(d => (d.TypeUrl, d.Value.ToByteArray())).ToList();

    public static IReadOnlyList<(string TypeUrl, byte[] Value)> Pairs(Google.Rpc.Status status) =>
        status.Details.Select(d => (d.TypeUrl, d.Value.ToByteArray())).ToList();

    /// <summary>Decodes a -bin header value as sent (padded or not).</summary>
    public static byte[] FromBinaryHeader(string value)
    {
        var trimmed = value.Trim();
        return Convert.FromBase64String(trimmed.PadRight(trimmed.Length + ((4 - (trimmed.Length % 4)) % 4), '='));
    }

    private static string Show(byte[]? bytes) => bytes is null ? "<none>" : Convert.ToBase64String(bytes);
}
