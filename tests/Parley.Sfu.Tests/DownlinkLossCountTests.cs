using System.Diagnostics.Metrics;
using Parley.Rtp.Rtcp;

namespace Parley.Sfu.Tests;

// docs/metrics.md: parley_media_packets_lost_total{direction="downlink"} counts what subscribers report lost, once.
[Collection(SfuMeterCollection.Name)]
public sealed class DownlinkLossCountTests : IDisposable
{
    private readonly SfuHarness _sfu = new();
    private readonly MeterListener _listener = new();
    private long _downlinkLost;

    public DownlinkLossCountTests()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == SfuInstruments.MeterName && instrument.Name == "parley.media.packets.lost")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "direction" && (string?)tag.Value == "downlink")
                {
                    Interlocked.Add(ref _downlinkLost, value);
                }
            }
        });
        _listener.Start();
    }

    public void Dispose()
    {
        _listener.Dispose();
        _sfu.Dispose();
    }

    private void SubscriberReports(uint ssrc, int cumulativeLost)
    {
        var rr = new byte[32];
        RtcpReceiverReport.Write(rr, 0x5555, [new RtcpReportBlock(ssrc, 0, cumulativeLost, 1, 0, 0, 0)]);
        _sfu.Subscriber.ReceiveRtcp(rr);
    }

    [Fact]
    public void A_subscriber_s_cumulative_loss_is_counted_once_across_consumers_of_the_same_ssrc_and_when_it_goes_down()
    {
        var producer = _sfu.ProduceSingle(10);
        var first = _sfu.Consume(producer);
        SubscriberReports(1000, 10);
        Assert.Equal(10, Interlocked.Read(ref _downlinkLost));

        // The track is consumed again in the same slot: the subscriber's receiver keeps counting for the SSRC.
        first.Close();
        _sfu.Consume(producer);
        SubscriberReports(1000, 12);
        Assert.Equal(12, Interlocked.Read(ref _downlinkLost));

        // Duplicates lower the reported number (RFC 3550 §6.4.1); rising again to 13 is one new loss, not three.
        SubscriberReports(1000, 11);
        SubscriberReports(1000, 13);
        Assert.Equal(13, Interlocked.Read(ref _downlinkLost));
    }
}
