namespace Parley.Sfu.Tests;

public sealed class BindingTests : IDisposable
{
    private readonly SfuHarness _sfu = new();

    public void Dispose() => _sfu.Dispose();

    [Fact]
    public void An_unknown_ssrc_is_bound_to_its_layer_by_mid_and_rid()
    {
        var producer = _sfu.ProduceSimulcast();
        _sfu.Publisher.ReceiveRtp(TestPackets.Vp8Packet(22, 1, 0, keyFrame: false, pictureId: 1, mid: "0", rid: "h"));
        _sfu.Publisher.ReceiveRtp(TestPackets.Vp8Packet(22, 2, 0, keyFrame: false, pictureId: 2)); // later packets drop the extensions

        var stats = producer.GetStats().Streams;
        Assert.Equal(22u, stats[1].Ssrc);
        Assert.Equal(2, stats[1].PacketsReceived);
        Assert.Null(stats[0].Ssrc);
    }

    [Fact]
    public void Packets_that_cannot_be_bound_are_dropped_and_counted()
    {
        _sfu.ProduceSimulcast();
        _sfu.Publisher.ReceiveRtp(TestPackets.Vp8Packet(22, 1, 0, keyFrame: false, pictureId: 1, mid: "9", rid: "h"));
        _sfu.Publisher.ReceiveRtp(TestPackets.Vp8Packet(23, 1, 0, keyFrame: false, pictureId: 1, mid: "0", rid: "x"));
        _sfu.Publisher.ReceiveRtp([1, 2, 3]);

        var stats = _sfu.Publisher.GetStats();
        Assert.Equal(2, stats.UnknownSsrcDropped);
        Assert.Equal(1, stats.MalformedRtpDropped);
    }

    [Fact]
    public void Rtx_from_the_publisher_is_bound_by_repaired_rid_unwrapped_and_fills_the_gap()
    {
        var producer = _sfu.ProduceSimulcast();
        _sfu.Consume(producer, preferredSpatialLayer: 0, rtx: false);
        _sfu.Publisher.ReceiveRtp(TestPackets.Vp8Packet(10, 1, 0, keyFrame: true, pictureId: 1, mid: "0", rid: "q"));
        var lost = TestPackets.Vp8Packet(10, 2, 0, keyFrame: false, pictureId: 1, startOfFrame: false);
        _sfu.Publisher.ReceiveRtp(TestPackets.Vp8Packet(10, 3, 0, keyFrame: false, pictureId: 1, startOfFrame: false));

        _sfu.Publisher.ReceiveRtp(TestPackets.RtxOf(lost, 11, 900, "0", "q"));
        _sfu.Publisher.ReceiveRtp(TestPackets.RtxOf(lost, 11, 901, null, "q")); // a duplicate: dropped

        var stream = producer.GetStats().Streams[0];
        Assert.Equal(11u, stream.RtxSsrc);
        Assert.Equal(1, stream.RetransmissionsReceived);
        Assert.Equal(1, stream.DuplicatesDropped);
        var sent = _sfu.SentTo(1000);
        Assert.Equal([1, 3, 2], sent.Select(p => (int)p.SequenceNumber));
        Assert.Equal(TestPackets.Read(lost).Payload, sent[2].Payload);
    }

    [Fact]
    public void An_audio_producer_with_a_mid_binds_its_ssrc_and_forwards_the_audio_level()
    {
        var producer = _sfu.Publisher.Produce(new ProducerOptions(MediaKind.Audio, TestPackets.Opus) { Mid = "a", HeaderExtensions = TestPackets.PublisherIds });
        _sfu.Subscriber.Consume(producer, new ConsumerOptions(5000, 111) { HeaderExtensions = TestPackets.SubscriberIds, Mid = "a0", Paused = false });
        _sfu.Publisher.ReceiveRtp(TestPackets.OpusPacket(77, 1, 960, mid: "a", level: 0x15));

        var bytes = _sfu.SubscriberLink.Rtp.Single().ToArray();
        Assert.True(Parley.Rtp.RtpPacket.TryParse(bytes, out var packet));
        Assert.Equal(5000u, packet.Ssrc);
        Assert.True(packet.TryGetExtension(TestPackets.SubscriberIds.AudioLevel, out var level) && level[0] == 0x15);
        Assert.True(packet.TryGetExtension(TestPackets.SubscriberIds.Mid, out var mid) && mid.SequenceEqual("a0"u8));
        Assert.True(packet.TryGetExtension(TestPackets.SubscriberIds.TransportCc, out var twcc) && twcc.Length == 2);
        Assert.True(packet.TryGetExtension(TestPackets.SubscriberIds.AbsSendTime, out var abs) && abs.Length == 3);
    }
}
