using Microsoft.Extensions.Time.Testing;
using Parley.Sfu.Rtcp;

namespace Parley.Sfu.Tests.Rtcp;

public sealed class KeyFrameRequestThrottleTests
{
    private readonly FakeTimeProvider _time = new();

    private long Now => _time.GetTimestamp();

    [Fact]
    public void The_first_request_of_a_layer_goes_out_at_once()
    {
        var throttle = new KeyFrameRequestThrottle(_time, 3);

        Assert.True(throttle.TryRequest(0, Now));
        Assert.True(throttle.TryRequest(2, Now)); // layers are independent
        Assert.False(throttle.IsPending(0));
    }

    [Fact]
    public void A_second_request_within_the_interval_is_held_and_sent_when_due()
    {
        var throttle = new KeyFrameRequestThrottle(_time, 1);
        throttle.TryRequest(0, Now);
        _time.Advance(TimeSpan.FromMilliseconds(100));

        Assert.False(throttle.TryRequest(0, Now));
        Assert.True(throttle.IsPending(0));
        Assert.False(throttle.TakeDue(0, Now));

        _time.Advance(TimeSpan.FromMilliseconds(400));
        Assert.True(throttle.TakeDue(0, Now));
        Assert.False(throttle.IsPending(0));
        Assert.False(throttle.TakeDue(0, Now));
    }

    [Fact]
    public void A_key_frame_cancels_the_pending_request()
    {
        var throttle = new KeyFrameRequestThrottle(_time, 2);
        throttle.TryRequest(1, Now);
        throttle.TryRequest(1, Now);
        throttle.OnKeyFrame(1);
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.False(throttle.TakeDue(1, Now));
    }

    [Fact]
    public void An_unknown_layer_is_a_programming_error()
    {
        var throttle = new KeyFrameRequestThrottle(_time, 2);

        Assert.Throws<ArgumentOutOfRangeException>(() => throttle.TryRequest(2, Now));
    }
}
