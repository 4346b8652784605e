using System.Buffers.Binary;
using Parley.Rtp.Rtcp;
using Parley.Sfu.Rtcp;

namespace Parley.Sfu.Tests;

// docs/sfu.md "RTCP, per hop": the SFU terminates RTCP and speaks it to each side itself.
public sealed class RtcpHopTests : IDisposable
{
    private readonly SfuHarness _sfu = new();

    public void Dispose() => _sfu.Dispose();

    private static List<T> Find<T>(IEnumerable<byte[]> rtcp, Func<byte[], RtcpPacket, T?> select)
        where T : struct
    {
        var found = new List<T>();
        foreach (var datagram in rtcp)
        {
            foreach (var packet in RtcpCompound.Enumerate(datagram))
            {
                if (select(datagram, packet) is { } value)
                {
                    found.Add(value);
                }
            }
        }

        return found;
    }

    [Fact]
    public void The_sfu_nacks_its_publisher_for_its_own_losses()
    {
        _sfu.ProduceSingle(10);
        foreach (ushort seq in new ushort[] { 1, 2, 5 })
        {
            _sfu.Publisher.ReceiveRtp(TestPackets.Vp8Packet(10, seq, 0, keyFrame: seq == 1, pictureId: seq));
        }

        _sfu.Time.Advance(TimeSpan.FromMilliseconds(50));

        var lost = new List<ushort>();
        foreach (var datagram in _sfu.PublisherLink.Rtcp)
        {
            foreach (var packet in RtcpCompound.Enumerate(datagram))
            {
                if (RtcpGenericNack.TryParse(packet, out var nack) && nack.MediaSsrc == 10)
                {
                    foreach (var seq in nack.LostSequenceNumbers)
                    {
                        lost.Add(seq);
                    }
                }
            }
        }

        Assert.Equal([3, 4], lost.Select(s => (int)s));
    }

    [Fact]
    public void Receiver_reports_to_the_publisher_carry_the_lsr_of_its_sender_report_and_remb_carries_the_cap()
    {
        _sfu.ProduceSingle(10, codec: TestPackets.Vp8 with { Feedback = RtcpFeedback.Nack | RtcpFeedback.NackPli | RtcpFeedback.GoogRemb });
        _sfu.Publisher.SetMaxIncomingBitrate(500_000);
        for (ushort seq = 1; seq <= 5; seq++)
        {
            _sfu.Publisher.ReceiveRtp(TestPackets.Vp8Packet(10, seq, seq * 3000u, keyFrame: seq == 1, pictureId: seq));
        }

        var sr = new byte[28];
        const ulong ntp = 0xE000_1234_5678_0000;
        RtcpSenderReport.Write(sr, 10, ntp, 15_000, 5, 100, []);
        _sfu.Publisher.ReceiveRtcp(sr);
        _sfu.Time.Advance(TimeSpan.FromSeconds(1));

        var blocks = Find(_sfu.PublisherLink.Rtcp, (_, p) => RtcpReceiverReport.TryParse(p, out var rr) && rr.ReportCount > 0 ? rr.GetReportBlock(0) : (RtcpReportBlock?)null);
        var block = Assert.Single(blocks);
        Assert.Equal(10u, block.Ssrc);
        Assert.Equal(5u, block.ExtendedHighestSequenceNumber);
        Assert.Equal(unchecked((uint)(ntp >> 16)), block.LastSenderReport);
        Assert.InRange(block.DelaySinceLastSenderReport, 65_536u * 9 / 10, 65_536u * 11 / 10); // about a second
        var rembs = Find(_sfu.PublisherLink.Rtcp, (_, p) => RtcpReceiverEstimatedMaxBitrate.TryParse(p, out var remb) ? remb.Bitrate : (ulong?)null);
        Assert.Contains(500_000ul, rembs);
    }

    [Fact]
    public void Transport_cc_feedback_goes_to_a_publisher_that_negotiated_it()
    {
        _sfu.ProduceSingle(10, codec: TestPackets.Vp8 with { Feedback = RtcpFeedback.Nack | RtcpFeedback.TransportCc });
        for (ushort seq = 1; seq <= 5; seq++)
        {
            _sfu.Publisher.ReceiveRtp(TestPackets.Vp8Packet(10, seq, 0, keyFrame: false, pictureId: seq, transportSequenceNumber: 100 + seq));
            _sfu.Time.Advance(TimeSpan.FromMilliseconds(10));
        }

        _sfu.Time.Advance(TimeSpan.FromMilliseconds(60));

        var bases = Find(_sfu.PublisherLink.Rtcp, (_, p) => RtcpTransportFeedback.TryParse(p, out var f) ? f.BaseSequenceNumber : (ushort?)null);
        Assert.NotEmpty(bases);
        Assert.Equal(101, bases[0]);
    }

    [Fact]
    public void Subscribers_get_sender_reports_and_their_receiver_reports_give_the_round_trip_time()
    {
        var producer = _sfu.ProduceSingle(10);
        var consumer = _sfu.Consume(producer);
        _sfu.Publisher.ReceiveRtp(TestPackets.Vp8Packet(10, 1, 0, keyFrame: true, pictureId: 1));
        _sfu.Time.Advance(TimeSpan.FromSeconds(1));

        var srs = Find(_sfu.SubscriberLink.Rtcp, (_, p) => RtcpSenderReport.TryParse(p, out var sr) ? (sr.Ssrc, sr.NtpTimestamp, sr.PacketCount) : ((uint, ulong, uint)?)null);
        var (ssrc, ntp, packets) = Assert.Single(srs);
        Assert.Equal(1000u, ssrc);
        Assert.Equal(1u, packets);
        Assert.Null(_sfu.Subscriber.GetStats().RoundTripTime);

        _sfu.Time.Advance(TimeSpan.FromMilliseconds(130));
        var rr = new byte[32];
        RtcpReceiverReport.Write(rr, 0x5555, [new RtcpReportBlock(1000, 20, 1, 1, 0, (uint)(ntp >> 16), NtpTime.ToShortUnits(TimeSpan.FromMilliseconds(100)))]);
        _sfu.Subscriber.ReceiveRtcp(rr);

        var stats = _sfu.Subscriber.GetStats();
        Assert.NotNull(stats.RoundTripTime);
        Assert.InRange(stats.RoundTripTime.Value.TotalMilliseconds, 25, 35);
        Assert.Equal(20 / 256.0, consumer.GetStats().LossFraction);
        Assert.Equal(3, stats.DownlinkQuality); // ~8% loss: poor
    }

    [Fact]
    public void Audio_levels_become_active_speaker_events()
    {
        var producer = _sfu.Publisher.Produce(new ProducerOptions(MediaKind.Audio, TestPackets.Opus) { Mid = "a", HeaderExtensions = TestPackets.PublisherIds });
        IReadOnlyList<Parley.Sfu.Speakers.ActiveSpeaker>? reported = null;
        _sfu.Router.ActiveSpeakersChanged += (_, speakers) => reported = speakers;
        for (ushort seq = 1; seq <= 10; seq++)
        {
            _sfu.Publisher.ReceiveRtp(TestPackets.OpusPacket(77, seq, seq * 960u, mid: "a", level: 20));
            _sfu.Time.Advance(TimeSpan.FromMilliseconds(20));
        }

        Assert.NotNull(reported);
        Assert.Equal(producer.Id, Assert.Single(reported).ProducerId);
    }
}
