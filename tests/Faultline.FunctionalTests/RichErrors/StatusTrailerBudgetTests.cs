using Faultline.Protocol;
using Faultline.Server.Internal;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;

namespace Faultline.FunctionalTests.RichErrors;

/// <summary>The trimming policy on its own, without a server: what is dropped, in what order, and that the result fits.</summary>
public class StatusTrailerBudgetTests
{
    /// <summary>The size of the trailer block the server writes for <paramref name="status"/>, counted as HTTP/2 does.</summary>
    private static int BlockSize(RichStatus status, Metadata? trailers)
    {
        var size = "grpc-status".Length + ((int)status.Code).ToString(System.Globalization.CultureInfo.InvariantCulture).Length + 32;
        var message = PercentEncoding.Encode(status.Message);
        if (message.Length > 0)
        {
            size += "grpc-message".Length + message.Length + 32;
        }

        if (status.Details.Count > 0)
        {
            size += "grpc-status-details-bin".Length + Convert.ToBase64String(status.ToTrailerBytes()).Length + 32;
        }

        foreach (var entry in trailers ?? [])
        {
            size += entry.Key.Length + (entry.IsBinary ? Convert.ToBase64String(entry.ValueBytes).Length : entry.Value.Length) + 32;
        }

        return size;
    }

    private static RichStatus Fit(RichStatus status, Metadata? trailers, int max, out StatusTrailerBudget.Trim trim) =>
        StatusTrailerBudget.Fit(status, trailers, max, out trim);

    [Fact]
    public void Fit_UnderLimit_ReturnsSameStatusAndNoTrim()
    {
        var status = RichStatus.Create(StatusCode.NotFound, "gone").AddResourceInfo("book", "b1").AddDebugInfo(["x"], "y").Build();

        var result = Fit(status, new Metadata { { "x-a", "b" } }, 8192, out var trim);

        Assert.Same(status, result);
        Assert.False(trim.Any);
        Assert.Empty(trim.DroppedDetails);
        Assert.False(trim.MessageTruncated);
        Assert.False(trim.TrailersDropped);
    }

    [Fact]
    public void Fit_OverLimit_DropsDebugInfoBeforeALargerDetail()
    {
        var status = RichStatus.Create(StatusCode.Internal, "m")
            .AddResourceInfo("blob", "b", "o", new string('r', 4000))
            .AddDebugInfo(["frame"], new string('d', 2000))
            .AddRequestInfo("r")
            .Build();

        var result = Fit(status, null, 8192, out var trim);

        Assert.Equal(["google.rpc.DebugInfo"], trim.DroppedDetails);
        Assert.NotNull(result.GetDetail<ResourceInfo>());
        Assert.NotNull(result.GetDetail<RequestInfo>());
        Assert.Equal("m", result.Message);
        Assert.False(trim.MessageTruncated);
        Assert.True(BlockSize(result, null) <= 8192);
    }

    [Fact]
    public void Fit_StillOverAfterDebugInfo_DropsLargestNext()
    {
        var status = RichStatus.Create(StatusCode.Internal, "m")
            .AddBadRequest(("f", new string('b', 2500)))
            .AddResourceInfo("blob", "b", "o", new string('r', 4000))
            .AddDebugInfo(["frame"], new string('d', 500))
            .AddRequestInfo("r")
            .Build();

        var result = Fit(status, null, 8192, out var trim);

        Assert.Equal(["google.rpc.DebugInfo", "google.rpc.ResourceInfo"], trim.DroppedDetails);
        Assert.Equal(["google.rpc.BadRequest", "google.rpc.RequestInfo"], result.Details.Select(d => Any.GetTypeName(d.TypeUrl)).ToArray());
    }

    [Fact]
    public void Fit_EmojiMessage_NeverSplitsASurrogatePair()
    {
        var message = string.Concat(Enumerable.Repeat("a😀", 3000));
        var status = new RichStatus(StatusCode.Aborted, message);

        var result = Fit(status, null, 1024, out var trim);

        Assert.True(trim.MessageTruncated);
        Assert.EndsWith("...", result.Message);
        var kept = result.Message[..^3];
        Assert.StartsWith(kept, message, StringComparison.Ordinal);
        Assert.False(char.IsHighSurrogate(kept[^1]), "message ends in half a surrogate pair");
        Assert.True(BlockSize(result, null) <= 1024);
    }

    [Fact]
    public void Fit_MessageCutTwice_KeptTextIsAPrefixOfTheOriginal()
    {
        // The message is first cut to a quarter of the limit ("aaa...a..."); the trailer then leaves
        // room for one character less. The second cut must start from the original text, not cut
        // into the first ellipsis (which would send "aaa.....").
        var message = new string('a', 5000);
        for (var trailerLength = 5600; trailerLength <= 5900; trailerLength++)
        {
            var trailers = new Metadata { { "x-t", new string('t', trailerLength) } };

            var result = Fit(new RichStatus(StatusCode.Aborted, message), trailers, 8192, out var trim);

            Assert.True(trim.MessageTruncated);
            Assert.False(trim.TrailersDropped);
            Assert.True(BlockSize(result, trailers) <= 8192);
            Assert.EndsWith("...", result.Message);
            Assert.True(result.Message[..^3].All(c => c == 'a'), $"trailer {trailerLength}: message ends with '{result.Message[^8..]}'");
        }
    }

    [Fact]
    public void Fit_TrailersDropped_ShortMessageIsNotTruncated()
    {
        var status = new RichStatus(StatusCode.Aborted, "short");
        var trailers = new Metadata { { "x-app-trailer", new string('t', 9000) } };

        var result = Fit(status, trailers, 8192, out var trim);

        Assert.True(trim.TrailersDropped);
        Assert.Equal("short", result.Message);
        Assert.False(trim.MessageTruncated);
    }

    [Fact]
    public void Fit_TrailersDropped_SmallDetailsAreKept()
    {
        var status = RichStatus.Create(StatusCode.Aborted, "short").AddRequestInfo("r-1").Build();
        var trailers = new Metadata { { "x-app-trailer", new string('t', 9000) } };

        var result = Fit(status, trailers, 8192, out var trim);

        Assert.True(trim.TrailersDropped);
        Assert.Equal("r-1", result.GetDetail<RequestInfo>()?.RequestId);
        Assert.Empty(trim.DroppedDetails);
    }

    [Fact]
    public void Fit_RandomStatuses_AlwaysFitAndOnlyShrink()
    {
        var random = new Random(20240607);
        string[] alphabet = ["a", "b", " ", "%", "é", "✓", "😀", "\n"];
        for (var round = 0; round < 300; round++)
        {
            var max = random.Next(700, 20_000);
            var message = string.Concat(Enumerable.Range(0, random.Next(0, 6000)).Select(_ => alphabet[random.Next(alphabet.Length)]));
            var builder = RichStatus.Create((StatusCode)random.Next(1, 17), message);
            for (var i = random.Next(0, 6); i > 0; i--)
            {
                var text = new string('x', random.Next(0, 4000));
                switch (random.Next(4))
                {
                    case 0: builder.AddDebugInfo([text], "d"); break;
                    case 1: builder.AddResourceInfo("t", "n", "o", text); break;
                    case 2: builder.AddBadRequest(("f", text)); break;
                    default: builder.AddRequestInfo(text); break;
                }
            }

            var status = builder.Build();
            var trailers = random.Next(3) == 0 ? new Metadata { { "x-t", new string('t', random.Next(0, 12_000)) } } : null;

            var result = Fit(status, trailers, max, out var trim);

            var context = $"round {round}, max {max}, message {message.Length} chars, details [{string.Join(", ", status.Details.Select(d => d.CalculateSize()))}], trailer {trailers?[0].Value.Length}";
            Assert.True(BlockSize(result, trim.TrailersDropped ? null : trailers) <= max, context);
            Assert.Equal(status.Code, result.Code);
            if (result.Message != status.Message)
            {
                Assert.True(trim.MessageTruncated, context);
                Assert.EndsWith("...", result.Message);
                var prefix = result.Message[..^3];
                var diverge = Enumerable.Range(0, prefix.Length).FirstOrDefault(i => prefix[i] != status.Message[i], -1);
                Assert.True(diverge < 0, $"{context}: truncated message is not a prefix of the original; differs at {diverge} of {prefix.Length}: '{prefix[Math.Max(0, diverge - 5)..]}' vs '{status.Message.Substring(Math.Max(0, diverge - 5), Math.Min(12, status.Message.Length - Math.Max(0, diverge - 5)))}'");
            }

            // Kept details are the original ones, in order; the dropped ones are named.
            var kept = result.Details.ToList();
            Assert.Equal(kept, status.Details.Where(kept.Contains).ToList());
            Assert.Equal(status.Details.Count - kept.Count, trim.DroppedDetails.Count);
            if (!trim.Any)
            {
                Assert.Same(status, result);
            }
        }
    }

    [Fact]
    public void WithoutDebugInfo_RemovesOnlyDebugInfoKeepingOrder()
    {
        var status = RichStatus.Create(StatusCode.Internal, "m")
            .AddRequestInfo("1")
            .AddDebugInfo(["a"])
            .AddHelp(("h", "u"))
            .AddDebugInfo(["b"])
            .Build();

        var result = StatusTrailerBudget.WithoutDebugInfo(status);

        Assert.Equal(["google.rpc.RequestInfo", "google.rpc.Help"], result.Details.Select(d => Any.GetTypeName(d.TypeUrl)).ToArray());
        Assert.Equal("m", result.Message);
        Assert.Equal(StatusCode.Internal, result.Code);
    }

    [Fact]
    public void WithoutDebugInfo_NoneThere_ReturnsSameStatus()
    {
        var status = RichStatus.Create(StatusCode.Internal, "m").AddRequestInfo("1").Build();

        Assert.Same(status, StatusTrailerBudget.WithoutDebugInfo(status));
    }
}
