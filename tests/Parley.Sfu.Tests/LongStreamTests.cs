using Parley.Rtp.Rtcp;

namespace Parley.Sfu.Tests;

/// <summary>
/// A long call: 16-bit sequence numbers wrap every 65,536 packets (under 4 minutes of 300 pkt/s video), and any state
/// compared against a fixed 16-bit reference by half-range breaks 32,768 packets in. These streams run three times
/// around the number space, starting near a wrap, and check forwarding, NACK/RTX and the SFU's own NACKs at the end.
/// </summary>
public sealed class LongStreamTests
{
    private const int Total = 3 * 65_536;
    private const ushort Start = 60_000;

    [Fact]
    public void Three_wraps_of_a_stream_are_forwarded_whole_and_a_nack_at_the_end_is_answered_with_rtx()
    {
        using var sfu = new SfuHarness(record: false);
        var producer = sfu.ProduceSingle(ssrc: 10);
        var consumer = sfu.Consume(producer);

        Stream(sfu, skip: -1);

        Assert.Equal(Total, consumer.GetStats().PacketsSent);
        // The first output keeps the input's numbers, so the output number of the 4th-last packet is known.
        sfu.Subscriber.ReceiveRtcp(TestPackets.Nack(1000, unchecked((ushort)(Start + Total - 4))));
        Assert.Equal(1, consumer.GetStats().RetransmissionsSent);
    }

    [Fact]
    public void After_three_wraps_the_sfu_still_nacks_its_publisher_for_a_lost_packet()
    {
        using var sfu = new SfuHarness(record: false, recordRtcp: true);
        sfu.ProduceSingle(ssrc: 10);
        var lostIndex = Total - 10;

        Stream(sfu, skip: lostIndex);
        sfu.Time.Advance(TimeSpan.FromMilliseconds(50));

        var nacked = new List<ushort>();
        foreach (var datagram in sfu.PublisherLink.Rtcp)
        {
            foreach (var packet in RtcpCompound.Enumerate(datagram))
            {
                if (RtcpGenericNack.TryParse(packet, out var nack) && nack.MediaSsrc == 10)
                {
                    foreach (var sequence in nack.LostSequenceNumbers)
                    {
                        nacked.Add(sequence);
                    }
                }
            }
        }

        Assert.Contains((ushort)(Start + lostIndex), nacked);
    }

    /// <summary>Sends <see cref="Total"/> packets of 30 fps VP8 (3 packets a frame), leaving out index <paramref name="skip"/>.</summary>
    private static void Stream(SfuHarness sfu, int skip)
    {
        for (var i = 0; i < Total; i++)
        {
            if (i % 90 == 0)
            {
                sfu.Time.Advance(TimeSpan.FromMilliseconds(300)); // timers (NACK, RTCP, allocation) keep running
            }

            if (i == skip)
            {
                continue;
            }

            var sequence = (ushort)(Start + i);
            sfu.Publisher.ReceiveRtp(TestPackets.Vp8Packet(10, sequence, (uint)(i / 3 * 3000), keyFrame: i == 0, pictureId: (i / 3) & 0x7FFF,
                startOfFrame: i % 3 == 0));
        }
    }
}
