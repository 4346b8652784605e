using Parley.Rtp.Rtcp;

namespace Parley.Rtp.Tests;

public class RtcpTransportFeedbackTests
{
    // Hand-assembled per draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1: base 100, 10 packets,
    // reference time -2 (×64 ms), feedback count 5; a run-length chunk (3 × small delta) and a 2-bit status
    // vector [lost, large, small, small, lost, lost, lost]; deltas 4, 8, 0, -16 (large), 16, 1; one padding byte.
    private static byte[] Sample => Hex.Parse("""
        af cd 00 07 00 00 00 01 00 00 00 02
        00 64 00 0a ff ff fe 05
        20 03 c9 40
        04 08 00 ff f0 10 01
        01
        """);

    [Fact]
    public void A_hand_assembled_feedback_decodes_run_length_and_two_bit_chunks()
    {
        Assert.True(RtcpPacket.TryParse(Sample, out var packet));
        Assert.True(RtcpTransportFeedback.TryParse(packet, out var feedback));

        Assert.Equal(1u, feedback.SenderSsrc);
        Assert.Equal(2u, feedback.MediaSsrc);
        Assert.Equal(100, feedback.BaseSequenceNumber);
        Assert.Equal(10, feedback.PacketStatusCount);
        Assert.Equal(-2, feedback.ReferenceTime);
        Assert.Equal(5, feedback.FeedbackPacketCount);
        Assert.Equal(
        [
            new(100, TransportFeedbackStatus.ReceivedSmallDelta, 4),
            new(101, TransportFeedbackStatus.ReceivedSmallDelta, 8),
            new(102, TransportFeedbackStatus.ReceivedSmallDelta, 0),
            TransportFeedbackPacket.Lost(103),
            new(104, TransportFeedbackStatus.ReceivedLargeDelta, -16),
            new(105, TransportFeedbackStatus.ReceivedSmallDelta, 16),
            new(106, TransportFeedbackStatus.ReceivedSmallDelta, 1),
            TransportFeedbackPacket.Lost(107),
            TransportFeedbackPacket.Lost(108),
            TransportFeedbackPacket.Lost(109),
        ],
            Packets(feedback));
        Assert.Equal(TimeSpan.FromMilliseconds(-4), new TransportFeedbackPacket(0, TransportFeedbackStatus.ReceivedLargeDelta, -16).Delta);
    }

    [Fact]
    public void A_one_bit_status_vector_decodes_fourteen_packets()
    {
        // 1-bit vector 1 0 1 1 0 0 0 0 0 0 0 0 0 1 → 0b10_1011_0000_0000_01 with T=1,S=0 prefix.
        var bytes = Hex.Parse("""
            8f cd 00 06 00 00 00 01 00 00 00 02
            ff fe 00 0e 00 00 01 00
            ac 01
            01 02 03 04 00 00
            """);
        Assert.True(RtcpPacket.TryParse(bytes, out var packet));
        Assert.True(RtcpTransportFeedback.TryParse(packet, out var feedback));

        var packets = Packets(feedback);
        Assert.Equal(14, packets.Count);
        Assert.Equal((ushort)0xFFFE, packets[0].SequenceNumber);
        Assert.Equal((ushort)0x000B, packets[13].SequenceNumber); // wrapped
        Assert.Equal([0, 2, 3, 13], packets.Select((p, i) => (p, i)).Where(x => x.p.IsReceived).Select(x => x.i));
        Assert.Equal([1, 2, 3, 4], packets.Where(p => p.IsReceived).Select(p => p.DeltaTicks));
    }

    [Fact]
    public void Random_feedback_round_trips_through_the_writer()
    {
        var random = new Random(8888);
        var buffer = new byte[20_000];
        for (var round = 0; round < 200; round++)
        {
            var count = random.Next(1, 3000);
            var baseSequence = (ushort)random.Next(65536);
            var packets = new TransportFeedbackPacket[count];
            var mode = random.Next(3); // vary the mix so long runs, 1-bit and 2-bit vectors all occur
            for (var i = 0; i < count; i++)
            {
                var sequence = (ushort)(baseSequence + i);
                var roll = random.Next(100);
                packets[i] = mode switch
                {
                    0 => roll < 90 ? TransportFeedbackPacket.Received(sequence, random.Next(0, 256)) : TransportFeedbackPacket.Lost(sequence),
                    1 => roll < 40 ? TransportFeedbackPacket.Lost(sequence) : TransportFeedbackPacket.Received(sequence, random.Next(-500, 30000)),
                    _ => (i / 500) % 2 == 0 ? TransportFeedbackPacket.Lost(sequence) : TransportFeedbackPacket.Received(sequence, 3),
                };
            }

            var referenceTime = random.Next(-0x800000, 0x800000);
            var length = RtcpTransportFeedback.Write(buffer, 11, 22, baseSequence, referenceTime, (byte)round, packets);

            Assert.Equal(0, length % 4);
            Assert.True(RtcpPacket.TryParse(buffer.AsSpan(0, length), out var packet));
            Assert.True(RtcpTransportFeedback.TryParse(packet, out var feedback));
            Assert.Equal(referenceTime, feedback.ReferenceTime);
            Assert.Equal((byte)round, feedback.FeedbackPacketCount);
            Assert.Equal(packets, Packets(feedback));
        }
    }

    [Fact]
    public void A_long_loss_run_uses_run_length_chunks()
    {
        var packets = Enumerable.Range(0, 10_000).Select(i => TransportFeedbackPacket.Lost((ushort)i)).ToArray();
        packets[^1] = TransportFeedbackPacket.Received(9999, 7);
        var buffer = new byte[64];

        var length = RtcpTransportFeedback.Write(buffer, 1, 2, 0, 0, 0, packets);

        // Two run-length chunks of losses (8191 + 1808), one for the last packet, one delta byte.
        Assert.Equal(4 + 8 + 8 + 6 + 1 + 1, length);
        Assert.True(RtcpPacket.TryParse(buffer.AsSpan(0, length), out var packet));
        Assert.True(RtcpTransportFeedback.TryParse(packet, out var feedback));
        Assert.Equal(packets, Packets(feedback));
    }

    [Fact]
    public void Feedback_whose_deltas_do_not_fit_or_use_the_reserved_symbol_is_rejected()
    {
        var shortDeltas = Sample;
        shortDeltas[21] = 0x0B; // run of 11 small deltas, more than the body holds
        shortDeltas[13] = 0x0B;
        Assert.True(RtcpPacket.TryParse(shortDeltas, out var packet));
        Assert.False(RtcpTransportFeedback.TryParse(packet, out _));

        var reserved = Sample;
        reserved[20] = 0x60; // run-length chunk with symbol 3
        Assert.True(RtcpPacket.TryParse(reserved, out var reservedPacket));
        Assert.False(RtcpTransportFeedback.TryParse(reservedPacket, out _));
    }

    [Fact]
    public void The_writer_rejects_gaps_in_sequence_numbers()
    {
        Assert.Throws<ArgumentException>(() => RtcpTransportFeedback.Write(new byte[64], 1, 2, 10, 0, 0,
            [TransportFeedbackPacket.Lost(10), TransportFeedbackPacket.Lost(12)]));
    }

    private static List<TransportFeedbackPacket> Packets(RtcpTransportFeedback feedback)
    {
        var packets = new List<TransportFeedbackPacket>();
        foreach (var packet in feedback.Packets)
        {
            packets.Add(packet);
        }

        return packets;
    }
}
