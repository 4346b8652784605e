using Parley.Rtp.Codecs;

namespace Parley.Sfu.Tests;

// R3.1: subscribers see the publisher's video; simulcast layer choice per subscriber (issue 8 point 1).
public sealed class LayerSwitchTests : IDisposable
{
    private readonly SfuHarness _sfu = new();

    public void Dispose() => _sfu.Dispose();

    [Fact]
    public void A_new_subscription_requests_a_key_frame_of_its_layer_once_the_layer_is_known()
    {
        var producer = _sfu.ProduceSimulcast();
        _sfu.Consume(producer, preferredSpatialLayer: 0);
        Assert.Empty(TestPackets.PliTargets(_sfu.PublisherLink.Rtcp)); // layer 0's SSRC is not known yet

        _sfu.Publisher.ReceiveRtp(TestPackets.Vp8Packet(10, 1, 0, keyFrame: false, pictureId: 1, mid: "0", rid: "q"));

        Assert.Equal([10u], TestPackets.PliTargets(_sfu.PublisherLink.Rtcp));
    }

    [Fact]
    public void A_layer_switch_waits_for_a_key_frame_of_the_target_layer_and_stays_continuous()
    {
        var producer = _sfu.ProduceSimulcast();
        var consumer = _sfu.Consume(producer, preferredSpatialLayer: 0);
        var changes = new List<int?>();
        consumer.LayerChanged += (_, layer) => changes.Add(layer);

        _sfu.Publisher.ReceiveRtp(TestPackets.Vp8Packet(10, 100, 1000, keyFrame: true, pictureId: 50, mid: "0", rid: "q", tl0PicIdx: 7));
        _sfu.Publisher.ReceiveRtp(TestPackets.Vp8Packet(30, 5000, 777_000, keyFrame: false, pictureId: 9000, mid: "0", rid: "f", tl0PicIdx: 200));
        _sfu.Publisher.ReceiveRtp(TestPackets.Vp8Packet(10, 101, 4000, keyFrame: false, pictureId: 51, tl0PicIdx: 8));
        Assert.Equal(0, consumer.CurrentSpatialLayer);

        consumer.SetPreferredLayers(2);
        Assert.Contains(30u, TestPackets.PliTargets(_sfu.PublisherLink.Rtcp)); // the key frame is asked of the target layer

        _sfu.Time.Advance(TimeSpan.FromMilliseconds(50));
        _sfu.Publisher.ReceiveRtp(TestPackets.Vp8Packet(30, 5001, 780_000, keyFrame: false, pictureId: 9001, tl0PicIdx: 201)); // not a key frame: ignored
        _sfu.Publisher.ReceiveRtp(TestPackets.Vp8Packet(10, 102, 7000, keyFrame: false, pictureId: 52, tl0PicIdx: 9));      // the current layer keeps flowing
        Assert.Equal(0, consumer.CurrentSpatialLayer);

        _sfu.Time.Advance(TimeSpan.FromMilliseconds(40));
        _sfu.Publisher.ReceiveRtp(TestPackets.Vp8Packet(30, 5002, 783_000, keyFrame: true, pictureId: 9002, tl0PicIdx: 202));
        _sfu.Publisher.ReceiveRtp(TestPackets.Vp8Packet(10, 103, 10_000, keyFrame: false, pictureId: 53, tl0PicIdx: 10));   // the old layer stops
        _sfu.Publisher.ReceiveRtp(TestPackets.Vp8Packet(30, 5003, 786_000, keyFrame: false, pictureId: 9003, tl0PicIdx: 203));

        var sent = _sfu.SentTo(1000);
        Assert.Equal([100, 101, 102, 103, 104], sent.Select(p => (int)p.SequenceNumber));
        Assert.Equal([50, 51, 52, 53, 54], sent.Select(p => p.PictureId));
        Assert.Equal([7, 8, 9, 10, 11], sent.Select(p => p.Tl0PicIdx));
        Assert.Equal(7000u + 3600u, sent[3].Timestamp); // 40 ms since the last packet sent, at 90 kHz
        Assert.Equal(sent[3].Timestamp + 3000u, sent[4].Timestamp);
        Assert.Equal(2, consumer.CurrentSpatialLayer);
        Assert.Equal([0, 2], changes);
    }

    [Fact]
    public void A_vp9_layer_switch_keeps_picture_ids_and_tl0picidx_continuous()
    {
        // Issue 8 point 1: VP9 where the browser offers it; its descriptor carries the same continuity fields as VP8.
        var producer = _sfu.ProduceSimulcast(codec: TestPackets.Vp9);
        var consumer = _sfu.Consume(producer, preferredSpatialLayer: 0);

        _sfu.Publisher.ReceiveRtp(TestPackets.Vp9Packet(10, 100, 1000, keyFrame: true, pictureId: 50, mid: "0", rid: "q", tl0PicIdx: 7));
        _sfu.Publisher.ReceiveRtp(TestPackets.Vp9Packet(30, 5000, 777_000, keyFrame: false, pictureId: 9000, mid: "0", rid: "f", tl0PicIdx: 200));
        _sfu.Publisher.ReceiveRtp(TestPackets.Vp9Packet(10, 101, 4000, keyFrame: false, pictureId: 51, tl0PicIdx: 8));

        consumer.SetPreferredLayers(2);
        _sfu.Time.Advance(TimeSpan.FromMilliseconds(40));
        _sfu.Publisher.ReceiveRtp(TestPackets.Vp9Packet(30, 5001, 780_000, keyFrame: true, pictureId: 9001, tl0PicIdx: 201));
        _sfu.Publisher.ReceiveRtp(TestPackets.Vp9Packet(30, 5002, 783_000, keyFrame: false, pictureId: 9002, tl0PicIdx: 202));

        var sent = _sfu.SentTo(1000, PayloadCodec.Vp9);
        Assert.Equal([100, 101, 102, 103], sent.Select(p => (int)p.SequenceNumber));
        Assert.Equal([50, 51, 52, 53], sent.Select(p => p.PictureId));
        Assert.Equal([7, 8, 9, 10], sent.Select(p => p.Tl0PicIdx));
        Assert.Equal(2, consumer.CurrentSpatialLayer);
    }

    [Fact]
    public void A_down_switch_also_waits_for_a_key_frame()
    {
        var producer = _sfu.ProduceSimulcast();
        var consumer = _sfu.Consume(producer, preferredSpatialLayer: 2);
        _sfu.Publisher.ReceiveRtp(TestPackets.Vp8Packet(30, 1, 0, keyFrame: true, pictureId: 1, mid: "0", rid: "f"));
        _sfu.Publisher.ReceiveRtp(TestPackets.Vp8Packet(10, 1, 0, keyFrame: false, pictureId: 1, mid: "0", rid: "q"));

        consumer.SetPreferredLayers(0);
        _sfu.Publisher.ReceiveRtp(TestPackets.Vp8Packet(10, 2, 3000, keyFrame: false, pictureId: 2));
        Assert.Equal(2, consumer.CurrentSpatialLayer);
        _sfu.Publisher.ReceiveRtp(TestPackets.Vp8Packet(10, 3, 6000, keyFrame: true, pictureId: 3));
        Assert.Equal(0, consumer.CurrentSpatialLayer);
    }

    [Fact]
    public void Pause_and_resume_continue_the_numbering_and_resume_waits_for_a_requested_key_frame()
    {
        var producer = _sfu.ProduceSingle(ssrc: 10);
        var consumer = _sfu.Consume(producer);
        _sfu.Publisher.ReceiveRtp(TestPackets.Vp8Packet(10, 100, 90_000, keyFrame: true, pictureId: 5));
        _sfu.Publisher.ReceiveRtp(TestPackets.Vp8Packet(10, 101, 93_000, keyFrame: false, pictureId: 6));

        consumer.Pause();
        Assert.Null(consumer.CurrentSpatialLayer);
        _sfu.Publisher.ReceiveRtp(TestPackets.Vp8Packet(10, 102, 96_000, keyFrame: false, pictureId: 7));
        _sfu.Time.Advance(TimeSpan.FromSeconds(1));
        var plisBefore = TestPackets.PliTargets(_sfu.PublisherLink.Rtcp).Count;
        consumer.Resume();
        Assert.Equal(plisBefore + 1, TestPackets.PliTargets(_sfu.PublisherLink.Rtcp).Count); // Resume requests a key frame

        _sfu.Publisher.ReceiveRtp(TestPackets.Vp8Packet(10, 130, 180_000, keyFrame: false, pictureId: 35)); // not decodable alone
        _sfu.Publisher.ReceiveRtp(TestPackets.Vp8Packet(10, 131, 183_000, keyFrame: true, pictureId: 36));

        var sent = _sfu.SentTo(1000);
        Assert.Equal([100, 101, 102], sent.Select(p => (int)p.SequenceNumber));
        Assert.Equal([5, 6, 7], sent.Select(p => p.PictureId));
        Assert.Equal(93_000u + 90_000u, sent[2].Timestamp); // one second of wall time later
        Assert.Equal(1, consumer.GetStats().DroppedWaitingForKeyFrame);
    }

    [Fact]
    public void A_muted_producer_forwards_nothing_and_unmuting_continues_without_a_jump()
    {
        var producer = _sfu.ProduceSingle(ssrc: 10);
        _sfu.Consume(producer);
        _sfu.Publisher.ReceiveRtp(TestPackets.Vp8Packet(10, 1, 0, keyFrame: true, pictureId: 1));
        producer.Pause();
        _sfu.Publisher.ReceiveRtp(TestPackets.Vp8Packet(10, 2, 3000, keyFrame: false, pictureId: 2));
        _sfu.Time.Advance(TimeSpan.FromMilliseconds(500));
        producer.Resume();
        _sfu.Publisher.ReceiveRtp(TestPackets.Vp8Packet(10, 50, 90_000, keyFrame: true, pictureId: 50));

        var sent = _sfu.SentTo(1000);
        Assert.Equal([1, 2], sent.Select(p => (int)p.SequenceNumber));
        Assert.Equal([1, 2], sent.Select(p => p.PictureId));
        Assert.Equal(45_000u, sent[1].Timestamp);
    }

    [Fact]
    public void A_republished_track_in_the_same_subscriber_slot_continues_the_numbering()
    {
        // Republish = the producer closes and a new one is consumed with the same consumer SSRC on the same
        // transport (the subscriber's m-line is reused); the transport carries the numbering over (docs/sfu.md).
        var first = _sfu.ProduceSingle(ssrc: 10, mid: "0");
        var consumer = _sfu.Consume(first);
        _sfu.Publisher.ReceiveRtp(TestPackets.Vp8Packet(10, 500, 1000, keyFrame: true, pictureId: 300));
        first.Close();
        Assert.True(consumer.IsClosed);

        _sfu.Time.Advance(TimeSpan.FromMilliseconds(200));
        var second = _sfu.ProduceSingle(ssrc: 20, mid: "1");
        var again = _sfu.Consume(second);
        _sfu.Publisher.ReceiveRtp(TestPackets.Vp8Packet(20, 7, 123, keyFrame: true, pictureId: 4));

        var sent = _sfu.SentTo(1000);
        Assert.NotSame(consumer, again);
        Assert.Equal([500, 501], sent.Select(p => (int)p.SequenceNumber));
        Assert.Equal([300, 301], sent.Select(p => p.PictureId));
        Assert.Equal(1000u + 18_000u, sent[1].Timestamp);
    }

    [Fact]
    public void A_preferred_temporal_layer_drops_higher_layers_without_a_sequence_gap()
    {
        var producer = _sfu.ProduceSingle(ssrc: 10);
        var consumer = _sfu.Consume(producer);
        consumer.SetPreferredLayers(0, temporalLayer: 0);
        _sfu.Publisher.ReceiveRtp(TestPackets.Vp8Packet(10, 1, 0, keyFrame: true, pictureId: 1, temporalLayer: 0));
        _sfu.Publisher.ReceiveRtp(TestPackets.Vp8Packet(10, 2, 3000, keyFrame: false, pictureId: 2, temporalLayer: 1));
        _sfu.Publisher.ReceiveRtp(TestPackets.Vp8Packet(10, 3, 6000, keyFrame: false, pictureId: 3, temporalLayer: 0));

        Assert.Equal([1, 2], _sfu.SentTo(1000).Select(p => (int)p.SequenceNumber));
    }
}
