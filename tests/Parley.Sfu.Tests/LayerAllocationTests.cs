namespace Parley.Sfu.Tests;

// Issue 8 point 1: the layer is chosen automatically from the subscriber's estimated bandwidth, bounded by its preference.
public sealed class LayerAllocationTests : IDisposable
{
    private readonly SfuHarness _sfu = new();

    public void Dispose() => _sfu.Dispose();

    private void PublishThreeLayers(TimeSpan duration, ref ushort sequence)
    {
        var steps = (int)(duration.TotalMilliseconds / 50);
        for (var step = 0; step < steps; step++)
        {
            var key = sequence == 0;
            var ts = (uint)(sequence * 4500);
            _sfu.Publisher.ReceiveRtp(TestPackets.Vp8Packet(10, sequence, ts, keyFrame: key, pictureId: sequence, mid: "0", rid: "q", payloadSize: 500));
            for (var i = 0; i < 2; i++)
            {
                _sfu.Publisher.ReceiveRtp(TestPackets.Vp8Packet(20, (ushort)((sequence * 2) + i), ts, keyFrame: key && i == 0, pictureId: sequence, mid: "0", rid: "h", payloadSize: 900, startOfFrame: i == 0));
            }

            for (var i = 0; i < 6; i++)
            {
                _sfu.Publisher.ReceiveRtp(TestPackets.Vp8Packet(30, (ushort)((sequence * 6) + i), ts, keyFrame: key && i == 0, pictureId: sequence, mid: "0", rid: "f", payloadSize: 1000, startOfFrame: i == 0));
            }

            sequence++;
            _sfu.Time.Advance(TimeSpan.FromMilliseconds(50));
        }
    }

    [Fact]
    public void A_low_bandwidth_estimate_moves_the_subscriber_to_a_layer_that_fits()
    {
        var producer = _sfu.ProduceSimulcast();
        var consumer = _sfu.Consume(producer);
        ushort sequence = 0;
        PublishThreeLayers(TimeSpan.FromSeconds(2), ref sequence);
        Assert.Equal(2, consumer.CurrentSpatialLayer);

        // REMB from the subscriber: 200 kbps fits the smallest layer (~90 kbps) but not the middle one (~300 kbps).
        var remb = new byte[24];
        Parley.Rtp.Rtcp.RtcpReceiverEstimatedMaxBitrate.Write(remb, 0x5555, 200_000, [1000u]);
        _sfu.Subscriber.ReceiveRtcp(remb);
        _sfu.Time.Advance(TimeSpan.FromMilliseconds(600));

        Assert.Equal(0, consumer.TargetSpatialLayer);
        Assert.Equal(2, consumer.PreferredSpatialLayer ?? 2);
    }

    [Fact]
    public void Plenty_of_bandwidth_never_lifts_a_subscriber_above_its_preferred_layer()
    {
        var producer = _sfu.ProduceSimulcast();
        var consumer = _sfu.Consume(producer, preferredSpatialLayer: 1);
        ushort sequence = 0;
        PublishThreeLayers(TimeSpan.FromSeconds(2), ref sequence);
        var remb = new byte[24];
        Parley.Rtp.Rtcp.RtcpReceiverEstimatedMaxBitrate.Write(remb, 0x5555, 50_000_000, [1000u]);
        _sfu.Subscriber.ReceiveRtcp(remb);
        PublishThreeLayers(TimeSpan.FromSeconds(1), ref sequence);

        Assert.Equal(1, consumer.TargetSpatialLayer);
        Assert.Equal(1, consumer.CurrentSpatialLayer);
    }
}
