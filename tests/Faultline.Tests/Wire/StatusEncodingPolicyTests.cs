using Faultline.Internal.Wire;

namespace Faultline.Tests.Wire;

public class StatusEncodingPolicyTests
{
    private static readonly RichStatus Plain = RichStatus.Create(StatusCode.NotFound, "m").AddRequestInfo("r").Build();

    private static readonly RichStatus WithDebugInfo = RichStatus.Create(StatusCode.Internal, "m").AddDebugInfo(["at A()"], "d").Build();

    private static readonly RichStatus WithRetryInfo = RichStatus.Create(StatusCode.Unavailable, "m").AddRetryInfo(TimeSpan.FromSeconds(1)).Build();

    [Fact]
    public void Default_IsEightKiBWithoutDebugInfoWithPushback()
    {
        Assert.Equal(8 * 1024, StatusEncodingPolicy.Default.MaxSize);
        Assert.False(StatusEncodingPolicy.Default.IncludeDebugInfo);
        Assert.True(StatusEncodingPolicy.Default.SendRetryPushback);
    }

    [Fact]
    public void EncodesAlike_OnlyDifferencesThatTouchTheStatus_Count()
    {
        var debug = StatusEncodingPolicy.Default with { IncludeDebugInfo = true };
        var noPushback = StatusEncodingPolicy.Default with { SendRetryPushback = false };
        var smaller = StatusEncodingPolicy.Default with { MaxSize = 4096 };

        Assert.True(StatusEncodingPolicy.Default.EncodesAlike(StatusEncodingPolicy.Default, WithDebugInfo));
        Assert.True(debug.EncodesAlike(StatusEncodingPolicy.Default, Plain));
        Assert.False(debug.EncodesAlike(StatusEncodingPolicy.Default, WithDebugInfo));
        Assert.True(noPushback.EncodesAlike(StatusEncodingPolicy.Default, Plain));
        Assert.False(noPushback.EncodesAlike(StatusEncodingPolicy.Default, WithRetryInfo));
        Assert.False(smaller.EncodesAlike(StatusEncodingPolicy.Default, Plain));
    }

    [Fact]
    public void EncodesAlike_WhenTrue_TheBytesAreTheSame()
    {
        var debug = StatusEncodingPolicy.Default with { IncludeDebugInfo = true };
        foreach (var status in new[] { Plain, WithRetryInfo })
        {
            Assert.True(debug.EncodesAlike(StatusEncodingPolicy.Default, status));
            var one = StatusEncoder.Encode(status, null, debug).ToTrailers();
            var other = StatusEncoder.Encode(status, null, StatusEncodingPolicy.Default).ToTrailers();
            Assert.Equal(one.Select(e => (e.Key, Convert.ToBase64String(e.ValueBytes))), other.Select(e => (e.Key, Convert.ToBase64String(e.ValueBytes))));
        }
    }
}
