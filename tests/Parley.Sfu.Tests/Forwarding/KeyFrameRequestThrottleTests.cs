using Microsoft.Extensions.Time.Testing;
using Parley.Sfu.Rtcp;

namespace Parley.Sfu.Tests.Forwarding;

public sealed class KeyFrameRequestThrottleTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void A_second_request_within_the_interval_waits_and_goes_out_when_due()
    {
        var throttle = new KeyFrameRequestThrottle(3, _time);
        Assert.True(throttle.TryRequest(1));
        Assert.False(throttle.TryRequest(1));
        Assert.True(throttle.IsPending(1));
        Assert.True(throttle.TryRequest(2)); // layers are independent

        _time.Advance(TimeSpan.FromMilliseconds(499));
        Assert.False(throttle.TakeDue(1));
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(throttle.TakeDue(1));
        Assert.False(throttle.TakeDue(1));
    }

    [Fact]
    public void A_key_frame_settles_a_pending_request()
    {
        var throttle = new KeyFrameRequestThrottle(1, _time);
        throttle.TryRequest(0);
        throttle.TryRequest(0);
        throttle.OnKeyFrame(0);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(throttle.TakeDue(0));
    }
}
