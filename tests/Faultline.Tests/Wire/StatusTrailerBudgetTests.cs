using Faultline.Internal.Wire;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;

namespace Faultline.Tests.Wire;

/// <summary>
/// <see cref="StatusTrailerBudget"/> through <see cref="StatusEncoder"/>: the order in which an
/// oversized status is cut, and that the result fits as HTTP/2 counts it.
/// </summary>
public class StatusTrailerBudgetTests
{
    private const int Budget = StatusEncodingPolicy.DefaultMaxSize;

    /// <summary>The encoder's own size of a status with nothing cut: the budget at which it just fits.</summary>
    private static int UntrimmedSize(RichStatus status, bool debugInfo = false, IEnumerable<Metadata.Entry>? trailers = null) =>
        WireSamples.Encode(status, int.MaxValue, debugInfo, trailers: trailers).Trim.OriginalSize;

    private static RichStatus StatusWith(string message, params IMessage[] details)
    {
        var builder = RichStatus.Create(StatusCode.FailedPrecondition, message);
        foreach (var detail in details)
        {
            builder.AddDetail(detail);
        }

        return builder.Build();
    }

    private static Any[] DetailsSent(EncodedStatus encoded) => StatusTrailers.AssertAgrees(encoded.Status, encoded.ToTrailers()).Details.ToArray();

    private static void AssertFits(EncodedStatus encoded, int budget)
    {
        var size = ReferenceHeaderSize.Of(encoded);
        Assert.True(size <= budget, $"{size} bytes sent for a budget of {budget}");
    }

    [Fact]
    public void OversizedApplicationTrailer_IsDroppedFirst_DetailsAndMessageKept()
    {
        var status = StatusWith("no such book", new ResourceInfo { ResourceName = "b1" }, WireSamples.BadRequestOf(1000));

        var encoded = WireSamples.Encode(status, Budget, trailers: [new("x-small", "ok"), WireSamples.Text("x-huge", 9000)]);

        Assert.Equal(["x-huge"], encoded.Trim.DroppedOversizedTrailers);
        Assert.Equal(["x-small"], encoded.ApplicationTrailers.Select(e => e.Key).ToArray());
        Assert.Equal(status.Details, DetailsSent(encoded));
        Assert.Equal("no such book", encoded.Status.Detail);
        Assert.Empty(encoded.Trim.DroppedDetails);
        Assert.False(encoded.Trim.MessageTruncated);
        Assert.True(encoded.Trim.ExceededBudget);
        AssertFits(encoded, Budget);
    }

    [Fact]
    public void OversizedApplicationTrailers_LargestGoFirst_OnlyUntilTheBareStatusFits()
    {
        var status = StatusWith("m", new RequestInfo { RequestId = "r" });

        var encoded = WireSamples.Encode(status, Budget, trailers: [WireSamples.Text("x-b", 4000), WireSamples.Text("x-a", 5000), WireSamples.Text("x-c", 100)]);

        Assert.Equal(["x-a"], encoded.Trim.DroppedOversizedTrailers);
        Assert.Equal(["x-b", "x-c"], encoded.ApplicationTrailers.Select(e => e.Key).ToArray());
        Assert.Equal(status.Details, DetailsSent(encoded));
        AssertFits(encoded, Budget);
    }

    [Fact]
    public void TrailersThatLeaveRoomForTheBareStatus_AreKept_DetailsGoInstead()
    {
        var status = StatusWith("m", WireSamples.BadRequestOf(3000));

        var encoded = WireSamples.Encode(status, Budget, trailers: [WireSamples.Text("x-app", 5000)]);

        Assert.Empty(encoded.Trim.DroppedOversizedTrailers);
        Assert.Equal(["x-app"], encoded.ApplicationTrailers.Select(e => e.Key).ToArray());
        Assert.Equal(["google.rpc.BadRequest"], encoded.Trim.DroppedDetails);
        Assert.Empty(DetailsSent(encoded));
        Assert.Equal("m", encoded.Status.Detail);
        AssertFits(encoded, Budget);
    }

    [Fact]
    public void OverlongMessage_IsCappedAtAQuarterOfTheBudget_BeforeAnyDetailIsDropped()
    {
        var message = new string('m', 4000);
        var status = StatusWith(message, WireSamples.BadRequestOf(1500), new RequestInfo { RequestId = "r" });

        var encoded = WireSamples.Encode(status, Budget);

        Assert.True(encoded.Trim.MessageTruncated);
        Assert.Equal(message[..(Budget / 4 - 3)] + "...", encoded.Status.Detail);
        Assert.Empty(encoded.Trim.DroppedDetails);
        Assert.Equal(status.Details, DetailsSent(encoded));
        AssertFits(encoded, Budget);
    }

    [Fact]
    public void OverlongMessage_CapIsMeasuredPercentEncoded()
    {
        // "é" is two UTF-8 bytes, six characters once percent-encoded.
        var message = string.Concat(Enumerable.Repeat("é", 1000));
        var status = StatusWith(message, WireSamples.BadRequestOf(3000));

        var encoded = WireSamples.Encode(status, Budget);

        var kept = (Budget / 4 - 3) / 6;
        Assert.Equal(message[..kept] + "...", encoded.Status.Detail);
        Assert.True(HeaderSizes.PercentEncodedLength(encoded.Status.Detail) <= Budget / 4);
        Assert.Empty(encoded.Trim.DroppedDetails);
        AssertFits(encoded, Budget);
    }

    [Fact]
    public void MessageUnderAQuarterOfTheBudget_IsNotCapped_WhenDroppingDetailsSuffices()
    {
        var message = new string('m', 1500);
        var status = StatusWith(message, new RequestInfo { RequestId = "r" }, WireSamples.BadRequestOf(6000));

        var encoded = WireSamples.Encode(status, Budget);

        Assert.Equal(message, encoded.Status.Detail);
        Assert.False(encoded.Trim.MessageTruncated);
        Assert.Equal(["google.rpc.BadRequest"], encoded.Trim.DroppedDetails);
        Assert.Equal(["google.rpc.RequestInfo"], WireSamples.TypeNames(DetailsSent(encoded)));
        AssertFits(encoded, Budget);
    }

    [Fact]
    public void DebugInfo_IsDroppedBeforeLargerDetails()
    {
        var badRequest = WireSamples.BadRequestOf(3000);
        var requestInfo = new RequestInfo { RequestId = "r" };
        var status = StatusWith("m", badRequest, WireSamples.DebugInfoOf(500), requestInfo);
        var budget = UntrimmedSize(StatusWith("m", badRequest, requestInfo), debugInfo: true);

        var encoded = WireSamples.Encode(status, budget, debugInfo: true);

        Assert.Equal(["google.rpc.DebugInfo"], encoded.Trim.DroppedDetails);
        Assert.Equal(["google.rpc.BadRequest", "google.rpc.RequestInfo"], WireSamples.TypeNames(DetailsSent(encoded)));
        Assert.Equal("m", encoded.Status.Detail);
        AssertFits(encoded, budget);
    }

    [Fact]
    public void SeveralDebugInfos_OnlyAsManyAsNeededAreDropped_LastFirst()
    {
        var first = WireSamples.DebugInfoOf(400, "first");
        var requestInfo = new RequestInfo { RequestId = "r" };
        var status = StatusWith("m", first, requestInfo, WireSamples.DebugInfoOf(400, "second"));
        var budget = UntrimmedSize(StatusWith("m", first, requestInfo), debugInfo: true);

        var encoded = WireSamples.Encode(status, budget, debugInfo: true);

        Assert.Equal(["google.rpc.DebugInfo"], encoded.Trim.DroppedDetails);
        var sent = DetailsSent(encoded);
        Assert.Equal(["google.rpc.DebugInfo", "google.rpc.RequestInfo"], WireSamples.TypeNames(sent));
        Assert.Equal("first", sent[0].Unpack<DebugInfo>().Detail);
    }

    [Fact]
    public void LargestDetail_IsDroppedNext_OthersKeptInOrder()
    {
        var requestInfo = new RequestInfo { RequestId = "r" };
        var help = WireSamples.HelpOf(1000);
        var resourceInfo = new ResourceInfo { ResourceName = "b1" };
        var status = StatusWith("m", requestInfo, WireSamples.BadRequestOf(3000), help, resourceInfo);
        var budget = UntrimmedSize(StatusWith("m", requestInfo, help, resourceInfo));

        var encoded = WireSamples.Encode(status, budget);

        Assert.Equal(["google.rpc.BadRequest"], encoded.Trim.DroppedDetails);
        Assert.Equal(["google.rpc.RequestInfo", "google.rpc.Help", "google.rpc.ResourceInfo"], WireSamples.TypeNames(DetailsSent(encoded)));
        Assert.False(encoded.Trim.MessageTruncated);
        AssertFits(encoded, budget);
    }

    [Fact]
    public void LargestDetails_AreDroppedLargestFirst_UntilItFits()
    {
        var requestInfo = new RequestInfo { RequestId = "r" };
        var resourceInfo = new ResourceInfo { ResourceName = "b1" };
        var status = StatusWith("m", requestInfo, WireSamples.HelpOf(1000), WireSamples.BadRequestOf(3000), resourceInfo);
        var budget = UntrimmedSize(StatusWith("m", requestInfo, resourceInfo));

        var encoded = WireSamples.Encode(status, budget);

        Assert.Equal(["google.rpc.BadRequest", "google.rpc.Help"], encoded.Trim.DroppedDetails);
        Assert.Equal(["google.rpc.RequestInfo", "google.rpc.ResourceInfo"], WireSamples.TypeNames(DetailsSent(encoded)));
        AssertFits(encoded, budget);
    }

    [Fact]
    public void DebugInfoThatIsNotAllowed_IsNotCountedNorReportedAsDroppedForSize()
    {
        var status = StatusWith("m", WireSamples.DebugInfoOf(20_000), new RequestInfo { RequestId = "r" });

        var encoded = WireSamples.Encode(status, Budget, debugInfo: false);

        Assert.False(encoded.Trim.ExceededBudget);
        Assert.Empty(encoded.Trim.DroppedDetails);
        Assert.Equal(["google.rpc.RequestInfo"], WireSamples.TypeNames(DetailsSent(encoded)));
    }

    [Fact]
    public void Message_IsTruncatedLast_WhenNothingElseCanGo()
    {
        var message = new string('m', 2000);
        var trailers = new Metadata.Entry[] { WireSamples.Text("x-app", 5500) };
        var status = StatusWith(message, WireSamples.BadRequestOf(200));

        var encoded = WireSamples.Encode(status, Budget, trailers: trailers);

        Assert.Equal(["google.rpc.BadRequest"], encoded.Trim.DroppedDetails);
        Assert.Equal(["x-app"], encoded.ApplicationTrailers.Select(e => e.Key).ToArray());
        Assert.True(encoded.Trim.MessageTruncated);
        Assert.EndsWith("...", encoded.Status.Detail);
        var kept = encoded.Status.Detail.Length - 3;
        Assert.Equal(message[..kept], encoded.Status.Detail[..kept]);
        AssertFits(encoded, Budget);

        // The longest prefix that fits: one more character would not.
        var oneMore = new RichStatus(status.Code, message[..(kept + 1)] + "...");
        Assert.True(UntrimmedSize(oneMore, trailers: trailers) > Budget);
    }

    [Fact]
    public void Message_WhenEvenTheEllipsisDoesNotFit_IsEmptied()
    {
        var budget = 1024;
        var bare = UntrimmedSize(new RichStatus(StatusCode.FailedPrecondition, string.Empty));
        var trailers = new Metadata.Entry[] { WireSamples.Text("x-app", budget - bare - "x-app".Length - HeaderSizes.PerFieldOverhead) };

        var encoded = WireSamples.Encode(StatusWith(new string('m', 500)), budget, trailers: trailers);

        Assert.Equal(string.Empty, encoded.Status.Detail);
        Assert.True(encoded.Trim.MessageTruncated);
        Assert.Equal(["x-app"], encoded.ApplicationTrailers.Select(e => e.Key).ToArray());
        AssertFits(encoded, budget);
    }

    [Fact]
    public void RetryPushback_SurvivesTrimming_AndIsCounted()
    {
        var status = StatusWith("later", new RetryInfo { RetryDelay = Duration.FromTimeSpan(TimeSpan.FromSeconds(2)) }, WireSamples.BadRequestOf(9000));

        var encoded = WireSamples.Encode(status, Budget);

        Assert.Equal(["google.rpc.BadRequest"], encoded.Trim.DroppedDetails);
        Assert.Equal("2000", encoded.ToTrailers().GetValue(StatusTrailers.PushbackKey));
        AssertFits(encoded, Budget);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void SurrogatePairs_AreNeverSplit_WhenTheMessageIsCapped(int asciiPrefix)
    {
        var message = new string('a', asciiPrefix) + string.Concat(Enumerable.Repeat("😀", 2000));
        var status = StatusWith(message, WireSamples.BadRequestOf(1000));

        var encoded = WireSamples.Encode(status, Budget);

        Assert.True(encoded.Trim.MessageTruncated);
        AssertCleanTruncation(message, encoded);
        Assert.True(HeaderSizes.PercentEncodedLength(encoded.Status.Detail) <= Budget / 4);
        AssertFits(encoded, Budget);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void SurrogatePairs_AreNeverSplit_WhenTheMessageIsTruncatedToFit(int asciiPrefix)
    {
        // Under a quarter of the budget, so only the last step can cut it.
        var message = new string('a', asciiPrefix) + string.Concat(Enumerable.Repeat("😀", 150));
        var trailers = new Metadata.Entry[] { WireSamples.Text("x-app", 5800) };

        var encoded = WireSamples.Encode(StatusWith(message), Budget, trailers: trailers);

        Assert.True(encoded.Trim.MessageTruncated);
        Assert.Equal(["x-app"], encoded.ApplicationTrailers.Select(e => e.Key).ToArray());
        AssertCleanTruncation(message, encoded);
        AssertFits(encoded, Budget);
    }

    [Fact]
    public void Result_AlwaysFitsTheBudget_MeasuredIndependently()
    {
        var failures = new List<string>();
        foreach (var testCase in Grid())
        {
            var encoded = testCase.Encode();
            var size = ReferenceHeaderSize.Of(encoded);
            if (size > testCase.Budget)
            {
                failures.Add($"{testCase}: {size} bytes");
            }

            var proto = StatusTrailers.AssertAgrees(encoded.Status, encoded.ToTrailers());
            if (!WireSamples.IsWellFormed(encoded.Status.Detail) || !WireSamples.IsWellFormed(proto.Message))
            {
                failures.Add($"{testCase}: a surrogate pair was split");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
    }

    [Fact]
    public void SizeAccounting_EqualsTheIndependentMeasure_PlusOneFixedReserve()
    {
        // The encoder reserves room for the other headers of a Trailers-Only response; apart from that
        // reserve its own count must be exactly what HTTP/2 counts, trimmed or not.
        var reserves = new HashSet<int>();
        foreach (var testCase in Grid())
        {
            var encoded = testCase.Encode();
            reserves.Add(encoded.Trim.FinalSize - ReferenceHeaderSize.Of(encoded));
        }

        var reserve = Assert.Single(reserves);
        Assert.InRange(reserve, 0, StatusEncodingPolicy.DefaultMaxSize / 8);
    }

    private static void AssertCleanTruncation(string original, EncodedStatus encoded)
    {
        var sent = encoded.Status.Detail;
        Assert.EndsWith("...", sent);
        Assert.True(WireSamples.IsWellFormed(sent), "the message sent has an unpaired surrogate");
        Assert.StartsWith(sent[..^3], original, StringComparison.Ordinal);
        var proto = StatusTrailers.AssertAgrees(encoded.Status, encoded.ToTrailers());
        Assert.True(WireSamples.IsWellFormed(proto.Message));
    }

    private sealed record BudgetCase(int Budget, string MessageName, string Message, string DetailsName, IMessage[] Details, string TrailersName, Metadata.Entry[] Trailers, bool DebugInfo)
    {
        public EncodedStatus Encode() => WireSamples.Encode(StatusWith(Message, Details), Budget, DebugInfo, trailers: Trailers);

        public override string ToString() => $"budget {Budget}, message {MessageName}, details {DetailsName}, trailers {TrailersName}, debugInfo {DebugInfo}";
    }

    private static IEnumerable<BudgetCase> Grid()
    {
        int[] budgets = [1024, 1500, 2048, 4096, 8192, 16384];
        (string, string)[] messages =
        [
            ("empty", string.Empty),
            ("short", "not found"),
            ("ascii 3000", new string('x', 3000)),
            ("two-byte 1500", string.Concat(Enumerable.Repeat("é", 1500))),
            ("three-byte 2000", string.Concat(Enumerable.Repeat("日", 2000))),
            ("emoji 1500", "a" + string.Concat(Enumerable.Repeat("😀", 1500))),
            ("percent 2500", new string('%', 2500)),
            ("mixed 12000", string.Concat(Enumerable.Repeat("ok ✓ 100% 😀\n", 1000))),
        ];
        (string, IMessage[])[] details =
        [
            ("none", []),
            ("small", [new RequestInfo { RequestId = "r" }]),
            ("medium", [WireSamples.BadRequestOf(500), WireSamples.HelpOf(300)]),
            ("large", [WireSamples.BadRequestOf(6000), WireSamples.DebugInfoOf(2000), new RequestInfo { RequestId = "r" }, new RetryInfo { RetryDelay = Duration.FromTimeSpan(TimeSpan.FromSeconds(1)) }]),
            ("many", Enumerable.Range(0, 20).Select(i => (IMessage)WireSamples.BadRequestOf(400, $"f{i}")).ToArray()),
        ];
        (string, Metadata.Entry[])[] trailers =
        [
            ("none", []),
            ("small", [new("x-a", "1")]),
            ("large", [WireSamples.Text("x-a", 3000), new("x-b-bin", new byte[2000])]),
            ("huge", [WireSamples.Text("x-huge", 20_000)]),
            ("many", Enumerable.Range(0, 10).Select(i => WireSamples.Text($"x-{i}", 700)).ToArray()),
        ];

        var debugInfo = false;
        foreach (var budget in budgets)
        {
            foreach (var (messageName, message) in messages)
            {
                foreach (var (detailsName, detailSet) in details)
                {
                    foreach (var (trailersName, trailerSet) in trailers)
                    {
                        debugInfo = !debugInfo;
                        yield return new BudgetCase(budget, messageName, message, detailsName, detailSet, trailersName, trailerSet, debugInfo);
                    }
                }
            }
        }
    }
}
