using Microsoft.Extensions.Time.Testing;
using Parley.Rtp.Rtcp;
using Parley.Sfu.Bwe;

namespace Parley.Sfu.Tests.Bwe;

/// <summary>
/// Drives the estimator through a simulated path: we send 1,200-byte packets at a fixed rate, they cross a
/// bottleneck of a given capacity (a FIFO queue) plus 20 ms of propagation, some are dropped, the subscriber's
/// transport-cc feedback (written by <see cref="TransportCcRecorder"/>) comes back every 50 ms.
/// </summary>
public sealed class BandwidthEstimatorTests
{
    private const int PacketSize = 1200;

    private readonly FakeTimeProvider _time = new();

    private BandwidthEstimator Simulate(long sendRate, long capacity, int dropEvery, TimeSpan duration, Action<BandwidthEstimator>? setup = null) =>
        Simulate(_ => sendRate, capacity, dropEvery, duration, setup);

    private BandwidthEstimator Simulate(Func<int, long> sendRateAt, long capacity, int dropEvery, TimeSpan duration, Action<BandwidthEstimator>? setup = null, Action<int, BandwidthEstimator>? observe = null)
    {
        var history = new SendHistory();
        var estimator = new BandwidthEstimator(history, _time);
        setup?.Invoke(estimator);
        var recorder = new TransportCcRecorder(_time);
        var inFlight = new Queue<(ushort Sequence, double ArrivalMs)>();
        var buffer = new byte[1200];
        var serviceMs = PacketSize * 8 * 1000.0 / capacity;
        var nextSendMs = 0.0;
        var queueFreeMs = 0.0;
        ushort sequence = 0;
        var packet = 0;

        for (var nowMs = 0; nowMs < duration.TotalMilliseconds; nowMs++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(1));
            var now = _time.GetTimestamp();
            while (nextSendMs <= nowMs)
            {
                history.Record(sequence, PacketSize, now);
                if (dropEvery == 0 || ++packet % dropEvery != 0)
                {
                    queueFreeMs = Math.Max(queueFreeMs, nowMs) + serviceMs;
                    inFlight.Enqueue((sequence, queueFreeMs + 20));
                }

                sequence++;
                nextSendMs += PacketSize * 8 * 1000.0 / sendRateAt(nowMs);
            }

            while (inFlight.Count > 0 && inFlight.Peek().ArrivalMs <= nowMs)
            {
                recorder.OnPacket(inFlight.Dequeue().Sequence, now);
            }

            if (nowMs % 50 == 0)
            {
                while (recorder.HasUnreported)
                {
                    var length = recorder.WriteFeedback(buffer, 1, 2, now);
                    Assert.True(RtcpPacket.TryParse(buffer.AsSpan(0, length), out var rtcp));
                    Assert.True(RtcpTransportFeedback.TryParse(rtcp, out var feedback));
                    estimator.OnTransportFeedback(feedback, now, TimeSpan.FromMilliseconds(40));
                }

                observe?.Invoke(nowMs, estimator);
            }
        }

        return estimator;
    }

    [Fact]
    public void It_starts_at_one_megabit()
    {
        var estimator = new BandwidthEstimator(new SendHistory(), _time);

        Assert.Equal(1_000_000, estimator.AvailableBitrate);
    }

    [Fact]
    public void A_clean_path_lets_the_estimate_grow()
    {
        var estimator = Simulate(sendRate: 800_000, capacity: 50_000_000, dropEvery: 0, TimeSpan.FromSeconds(5));

        Assert.Equal(BandwidthUsage.Normal, estimator.DelayState);
        Assert.Equal(0, estimator.LossFraction);
        Assert.InRange(estimator.AvailableBitrate, 1_300_000, 1_600_000); // ~8% a second for 5 s
        Assert.InRange(estimator.DeliveredBitrate, 700_000, 900_000);
    }

    [Fact]
    public void Heavy_loss_brings_the_estimate_down()
    {
        var estimator = Simulate(sendRate: 800_000, capacity: 50_000_000, dropEvery: 5, TimeSpan.FromSeconds(3));

        Assert.InRange(estimator.LossFraction, 0.15, 0.25);
        Assert.True(estimator.AvailableBitrate < 500_000, $"estimate {estimator.AvailableBitrate}");
    }

    [Fact]
    public void Moderate_loss_holds_the_estimate()
    {
        var estimator = Simulate(sendRate: 800_000, capacity: 50_000_000, dropEvery: 20, TimeSpan.FromSeconds(3));

        Assert.InRange(estimator.LossFraction, 0.03, 0.07);

        // It grew only until the first loss measurement (20 packets), then held; a clean path would be at ~1.26 Mbps.
        Assert.InRange(estimator.AvailableBitrate, 1_000_000, 1_050_000);
    }

    [Fact]
    public void A_growing_queue_is_overuse_and_brings_the_estimate_below_the_bottleneck()
    {
        var estimator = Simulate(sendRate: 1_500_000, capacity: 700_000, dropEvery: 0, TimeSpan.FromSeconds(3));

        Assert.Equal(BandwidthUsage.Overusing, estimator.DelayState);
        Assert.InRange(estimator.DeliveredBitrate, 600_000, 800_000);
        Assert.True(estimator.AvailableBitrate < 700_000, $"estimate {estimator.AvailableBitrate}");
    }

    [Fact]
    public void Once_the_queue_has_drained_the_estimate_grows_again()
    {
        long atCongestionEnd = 0;
        var estimator = Simulate(
            nowMs => nowMs < 3000 ? 1_500_000 : 300_000,
            capacity: 700_000,
            dropEvery: 0,
            TimeSpan.FromSeconds(16), // the 2.4 Mbit backlog takes about 6 s to drain at 300 kbps into 700 kbps
            observe: (nowMs, e) =>
            {
                if (nowMs == 3000)
                {
                    atCongestionEnd = e.AvailableBitrate;
                }
            });

        Assert.True(atCongestionEnd < 700_000, $"estimate at the end of congestion {atCongestionEnd}");
        Assert.Equal(BandwidthUsage.Normal, estimator.DelayState);
        Assert.True(estimator.AvailableBitrate > atCongestionEnd * 1.2, $"{estimator.AvailableBitrate} after {atCongestionEnd}");
    }

    [Fact]
    public void Remb_caps_the_available_bitrate()
    {
        var estimator = Simulate(800_000, 50_000_000, 0, TimeSpan.FromSeconds(2), e => e.OnRemb(300_000));

        Assert.Equal(300_000, estimator.AvailableBitrate);
        Assert.Equal(300_000, estimator.Remb);
    }

    [Fact]
    public void The_estimate_stays_within_its_bounds()
    {
        var history = new SendHistory();
        var low = new BandwidthEstimator(history, _time, startBitrate: 200_000, minBitrate: 150_000, maxBitrate: 250_000);
        low.OnRemb(1000);

        Assert.Equal(150_000, low.AvailableBitrate);
        Assert.Throws<ArgumentOutOfRangeException>(() => new BandwidthEstimator(history, _time, startBitrate: 50_000));
    }
}
