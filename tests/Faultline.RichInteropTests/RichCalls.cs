using Xunit.Sdk;

namespace Faultline.RichInteropTests;

/// <summary>The Faultline client's side of a case: makes the failing call and compares bytes.</summary>
public static class RichCalls
{
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Makes the call for <paramref name="case"/> on <paramref name="kind"/>, exactly as rich_client.py
    /// does, and returns the exception it failed with and the replies that came before it.
    /// </summary>
    public static async Task<(GrpcException Error, List<ErrorReply> Replies)> FailAsync(RichErrors.RichErrorsClient client, string @case, string kind)
    {
        var headers = new Metadata { { "x-case-id", $"{@case}@{kind}" } };
        var deadline = DateTime.UtcNow + CallTimeout;
        var replies = new List<ErrorReply>();
        ErrorRequest Echo() => new() { Name = RichCases.Name };
        ErrorRequest Failing(int count = 0) => new() { Case = @case, Name = RichCases.Name, Count = count };
        try
        {
            switch (kind)
            {
                case "unary":
                    replies.Add(await client.UnaryAsync(Failing(), headers, deadline));
                    break;

                case "server_stream":
                {
                    using var call = client.ServerStream(Failing(RichCases.MessagesBeforeError), headers, deadline);
                    while (await call.ResponseStream.MoveNext(CancellationToken.None))
                    {
                        replies.Add(call.ResponseStream.Current);
                    }

                    break;
                }

                case "client_stream":
                {
                    using var call = client.ClientStream(headers, deadline);
                    for (var i = 0; i < RichCases.MessagesBeforeError; i++)
                    {
                        await call.RequestStream.WriteAsync(Echo());
                    }

                    await call.RequestStream.WriteAsync(Failing());
                    await call.RequestStream.CompleteAsync();
                    replies.Add(await call.ResponseAsync);
                    break;
                }

                case "duplex":
                {
                    // Ping-pong: each echo request is answered before the next one is written; then the failing one.
                    using var call = client.Duplex(headers, deadline);
                    for (var i = 0; i < RichCases.MessagesBeforeError; i++)
                    {
                        await call.RequestStream.WriteAsync(Echo());
                        if (!await call.ResponseStream.MoveNext(CancellationToken.None))
                        {
                            throw new XunitException($"duplex: the stream ended before reply {i}");
                        }

                        replies.Add(call.ResponseStream.Current);
                    }

                    await call.RequestStream.WriteAsync(Failing());
                    while (await call.ResponseStream.MoveNext(CancellationToken.None))
                    {
                        replies.Add(call.ResponseStream.Current);
                    }

                    break;
                }

                default:
                    throw new ArgumentException($"Unknown call kind '{kind}'.", nameof(kind));
            }
        }
        catch (GrpcException ex)
        {
            return (ex, replies);
        }

        throw new XunitException($"The {kind} call for '{@case}' succeeded with {replies.Count} replies; it should have failed.");
    }

    /// <summary>Replies a call of <paramref name="kind"/> receives before its error.</summary>
    public static int RepliesBeforeError(string kind) => kind is "server_stream" or "duplex" ? RichCases.MessagesBeforeError : 0;

    /// <summary>The raw grpc-status-details-bin the client received, or null.</summary>
    public static byte[]? RawDetails(GrpcException ex)
    {
        var entries = ex.Trailers.Where(e => e.Key == GrpcException.StatusDetailsTrailer).ToList();
        Assert.True(entries.Count <= 1, $"grpc-status-details-bin {entries.Count} times in the trailers");
        return entries.Count == 0 ? null : entries[0].ValueBytes;
    }

    /// <summary>Asserts byte-for-byte equality, with base64 of both and where they first differ.</summary>
    public static void BytesEqual(byte[]? expected, byte[]? actual, string what)
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
        Assert.True(expected.Count == actual.Count, $"{what}: {actual.Count} details, expected {expected.Count}: [{string.Join(", ", actual.Select(d => d.TypeUrl))}]");
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.True(expected[i].TypeUrl == actual[i].TypeUrl, $"{what}: detail {i} has type {actual[i].TypeUrl}, expected {expected[i].TypeUrl}");
            BytesEqual(expected[i].Value, actual[i].Value, $"{what}: detail {i} ({expected[i].TypeUrl})");
        }
    }

    public static IReadOnlyList<(string TypeUrl, byte[] Value)> Pairs(RichStatus status) =>
        status.Details.Select(d => (d.TypeUrl, d.Value.ToByteArray())).ToList();

    /// <summary>Decodes a -bin header value as sent (padded or not).</summary>
    public static byte[] DecodeBinaryHeader(string value)
    {
        var trimmed = value.Trim();
        return Convert.FromBase64String(trimmed.PadRight(trimmed.Length + (4 - trimmed.Length % 4) % 4, '='));
    }

    private static string Show(byte[]? bytes) => bytes is null ? "<none>" : Convert.ToBase64String(bytes);
}
