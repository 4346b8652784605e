using System.Buffers.Binary;

namespace Parley.Sfu.Tests;

public sealed class FeedbackTests : IDisposable
{
    private readonly SfuHarness _sfu = new();

    public void Dispose() => _sfu.Dispose();

    [Fact]
    public void A_nack_is_answered_with_rtx_carrying_the_original_sequence_number()
    {
        var producer = _sfu.ProduceSingle(ssrc: 10);
        _sfu.Consume(producer);
        for (ushort seq = 100; seq < 105; seq++)
        {
            _sfu.Publisher.ReceiveRtp(TestPackets.Vp8Packet(10, seq, 0, keyFrame: seq == 100, pictureId: seq));
        }

        var original = _sfu.SentTo(1000).Single(p => p.SequenceNumber == 102);
        _sfu.Subscriber.ReceiveRtcp(TestPackets.Nack(1000, 102, 103));

        var rtx = _sfu.SentTo(1001);
        Assert.Equal(2, rtx.Count);
        Assert.All(rtx, p => Assert.Equal(101, p.PayloadType));
        Assert.Equal((ushort)(rtx[0].SequenceNumber + 1), rtx[1].SequenceNumber);
        Assert.Equal(102, BinaryPrimitives.ReadUInt16BigEndian(rtx[0].Payload)); // RFC 4588 §4: OSN first
        Assert.Equal(103, BinaryPrimitives.ReadUInt16BigEndian(rtx[1].Payload));
        Assert.Equal(original.Payload, rtx[0].Payload[2..]);
        Assert.Equal(original.Timestamp, rtx[0].Timestamp);
        Assert.Equal(2, _sfu.Subscriber.Consumers[0].GetStats().RetransmissionsSent);
    }

    [Fact]
    public void Without_rtx_a_nack_resends_the_same_packet()
    {
        var producer = _sfu.ProduceSingle(ssrc: 10);
        _sfu.Consume(producer, rtx: false);
        _sfu.Publisher.ReceiveRtp(TestPackets.Vp8Packet(10, 100, 0, keyFrame: true, pictureId: 1));
        _sfu.Publisher.ReceiveRtp(TestPackets.Vp8Packet(10, 101, 0, keyFrame: false, pictureId: 1, startOfFrame: false));
        var first = _sfu.SubscriberLink.Rtp[1];

        _sfu.Subscriber.ReceiveRtcp(TestPackets.Nack(1000, 101));

        Assert.Equal(3, _sfu.SubscriberLink.Rtp.Count);
        var resent = _sfu.SubscriberLink.Rtp[2];
        Assert.Equal(first.Length, resent.Length);
        Assert.Equal(TestPackets.Read(first) with { Payload = [] }, TestPackets.Read(resent) with { Payload = [] });
        Assert.Equal(TestPackets.Read(first).Payload, TestPackets.Read(resent).Payload);
    }

    [Fact]
    public void A_nack_for_a_packet_never_sent_is_counted_as_unanswered()
    {
        var producer = _sfu.ProduceSingle(ssrc: 10);
        var consumer = _sfu.Consume(producer);
        _sfu.Subscriber.ReceiveRtcp(TestPackets.Nack(1000, 4242));
        Assert.Equal(1, consumer.GetStats().NacksUnanswered);
        Assert.Empty(_sfu.SentTo(1001));
    }

    [Fact]
    public void Plis_from_subscribers_are_relayed_to_the_current_layer_at_most_once_per_interval()
    {
        var producer = _sfu.ProduceSingle(ssrc: 10);
        _sfu.Consume(producer, ssrc: 1000);
        _sfu.Consume(producer, ssrc: 2000);
        _sfu.Publisher.ReceiveRtp(TestPackets.Vp8Packet(10, 1, 0, keyFrame: true, pictureId: 1));
        _sfu.Time.Advance(TimeSpan.FromSeconds(1));
        _sfu.PublisherLink.Rtcp.Clear();

        _sfu.Subscriber.ReceiveRtcp(TestPackets.Pli(1000));
        _sfu.Subscriber.ReceiveRtcp(TestPackets.Pli(2000));
        _sfu.Subscriber.ReceiveRtcp(TestPackets.Pli(1000));
        Assert.Equal([10u], TestPackets.PliTargets(_sfu.PublisherLink.Rtcp));

        _sfu.Time.Advance(TimeSpan.FromMilliseconds(500)); // the router tick sends the one remembered as pending
        Assert.Equal([10u, 10u], TestPackets.PliTargets(_sfu.PublisherLink.Rtcp));
        _sfu.Time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(2, TestPackets.PliTargets(_sfu.PublisherLink.Rtcp).Count);
    }

    [Fact]
    public void A_key_frame_arriving_settles_a_pending_request()
    {
        var producer = _sfu.ProduceSingle(ssrc: 10);
        _sfu.Consume(producer, ssrc: 1000);
        _sfu.Publisher.ReceiveRtp(TestPackets.Vp8Packet(10, 1, 0, keyFrame: true, pictureId: 1));
        _sfu.Subscriber.ReceiveRtcp(TestPackets.Pli(1000)); // within 500 ms of the subscription's request: pending
        _sfu.Publisher.ReceiveRtp(TestPackets.Vp8Packet(10, 2, 0, keyFrame: true, pictureId: 2));
        _sfu.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Single(TestPackets.PliTargets(_sfu.PublisherLink.Rtcp));
    }

    [Fact]
    public void A_consumer_waiting_for_a_key_frame_asks_again_every_interval_until_one_arrives()
    {
        // The subscription's first PLI can be lost (the publisher's transport not yet connected); the subscriber's decoder
        // never asks for a stream it has not seen, so the SFU must repeat the request itself.
        var producer = _sfu.ProduceSingle(ssrc: 10);
        _sfu.Consume(producer, ssrc: 1000);
        _sfu.Publisher.ReceiveRtp(TestPackets.Vp8Packet(10, 1, 0, keyFrame: false, pictureId: 1));
        _sfu.PublisherLink.Rtcp.Clear();

        _sfu.Time.Advance(TimeSpan.FromMilliseconds(600));
        _sfu.Time.Advance(TimeSpan.FromMilliseconds(600));
        Assert.Equal(2, TestPackets.PliTargets(_sfu.PublisherLink.Rtcp).Count(target => target == 10u));

        _sfu.Publisher.ReceiveRtp(TestPackets.Vp8Packet(10, 2, 0, keyFrame: true, pictureId: 2));
        var afterKeyFrame = TestPackets.PliTargets(_sfu.PublisherLink.Rtcp).Count;
        _sfu.Time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(afterKeyFrame, TestPackets.PliTargets(_sfu.PublisherLink.Rtcp).Count); // forwarding: no more requests
    }

    [Fact]
    public void Malformed_rtcp_is_dropped_and_counted()
    {
        _sfu.Subscriber.ReceiveRtcp([0x81, 0xCD, 0x00, 0x09]);
        Assert.Equal(1, _sfu.Subscriber.GetStats().MalformedRtcpDropped);
    }
}
