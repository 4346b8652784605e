using System.Buffers.Binary;
using Parley.Rtp.Rtcp;

namespace Parley.Rtp.Tests;

public class RtcpRobustnessTests
{
    public static TheoryData<string> Samples => new() { "sr", "rr", "sdes", "bye", "nack", "pli", "fir", "remb", "twcc" };

    [Theory]
    [MemberData(nameof(Samples))]
    public void Every_truncated_prefix_of_a_packet_is_rejected(string sample)
    {
        // The header's length field covers the whole packet, so no strict prefix frames as a packet.
        var packet = Sample(sample);
        for (var length = 0; length < packet.Length; length++)
        {
            Assert.False(RtcpPacket.TryParse(packet.AsSpan(0, length), out _));
            Assert.False(RtcpCompound.TryValidate(packet.AsSpan(0, length), out _));
        }

        Assert.True(RtcpPacket.TryParse(packet, out var whole));
        Assert.True(Exercise(whole), $"{sample} should parse as its own type");
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void A_body_cut_at_any_word_with_a_matching_length_field_never_throws(string sample)
    {
        // Here the framing is consistent but the body is short: the typed parser must decide, not throw.
        var packet = Sample(sample);
        for (var words = 1; words < packet.Length / 4; words++)
        {
            var cut = packet.AsSpan(0, words * 4).ToArray();
            cut[0] &= 0xDF; // clear P: the padding byte may have been cut away
            BinaryPrimitives.WriteUInt16BigEndian(cut.AsSpan(2), (ushort)(words - 1));
            Assert.True(RtcpPacket.TryParse(cut, out var shortPacket));
            _ = Exercise(shortPacket);
        }
    }

    [Fact]
    public void A_compound_prefix_validates_exactly_when_it_ends_on_a_packet_boundary()
    {
        var compound = Sample("sr").Concat(Sample("sdes")).Concat(Sample("twcc")).ToArray();
        var boundaries = new HashSet<int> { Sample("sr").Length, Sample("sr").Length + Sample("sdes").Length, compound.Length };

        for (var length = 0; length <= compound.Length; length++)
        {
            Assert.Equal(boundaries.Contains(length), RtcpCompound.TryValidate(compound.AsSpan(0, length), out _));
        }
    }

    [Fact]
    public void Ten_thousand_random_inputs_never_throw()
    {
        var random = new Random(4585);
        var buffer = new byte[160];
        for (var i = 0; i < 10_000; i++)
        {
            var length = random.Next(buffer.Length);
            var input = buffer.AsSpan(0, length);
            random.NextBytes(input);
            if (i % 2 == 0 && length >= 4)
            {
                // Plausible header so the typed parsers see bodies: version 2, a real type, a fitting length.
                input[0] = (byte)(0x80 | (input[0] & 0x3F));
                input[1] = (byte)(200 + random.Next(7));
                BinaryPrimitives.WriteUInt16BigEndian(input[2..], (ushort)((length / 4) - 1));
            }

            _ = RtcpCompound.TryValidate(input, out _);
            foreach (var packet in RtcpCompound.Enumerate(input))
            {
                _ = Exercise(packet);
            }
        }
    }

    /// <summary>Runs every typed parser and every accessor of whichever accepts; true if one accepted.</summary>
    private static bool Exercise(RtcpPacket packet)
    {
        var accepted = false;
        if (RtcpSenderReport.TryParse(packet, out var sr))
        {
            accepted = true;
            _ = sr.NtpTimestamp + sr.OctetCount;
            for (var i = 0; i < sr.ReportCount; i++)
            {
                _ = sr.GetReportBlock(i);
            }
        }

        if (RtcpReceiverReport.TryParse(packet, out var rr))
        {
            accepted = true;
            for (var i = 0; i < rr.ReportCount; i++)
            {
                _ = rr.GetReportBlock(i);
            }
        }

        if (RtcpSourceDescription.TryParse(packet, out var sdes))
        {
            accepted = true;
            foreach (var chunk in sdes.Chunks)
            {
                _ = chunk.TryGetCanonicalName(out _);
                _ = chunk.TryGetItem(RtcpSdesItemType.Private, out _);
            }
        }

        if (RtcpGoodbye.TryParse(packet, out var bye))
        {
            accepted = true;
            for (var i = 0; i < bye.SourceCount; i++)
            {
                _ = bye.GetSsrc(i);
            }

            _ = bye.TryGetReason(out _);
        }

        if (RtcpGenericNack.TryParse(packet, out var nack))
        {
            accepted = true;
            foreach (var lost in nack.LostSequenceNumbers)
            {
                _ = lost;
            }
        }

        if (RtcpPictureLossIndication.TryParse(packet, out var pli))
        {
            accepted = true;
            _ = pli.MediaSsrc;
        }

        if (RtcpFullIntraRequest.TryParse(packet, out var fir))
        {
            accepted = true;
            for (var i = 0; i < fir.EntryCount; i++)
            {
                _ = fir.GetEntry(i);
            }
        }

        if (RtcpReceiverEstimatedMaxBitrate.TryParse(packet, out var remb))
        {
            accepted = true;
            _ = remb.Bitrate;
            for (var i = 0; i < remb.SsrcCount; i++)
            {
                _ = remb.GetSsrc(i);
            }
        }

        if (RtcpTransportFeedback.TryParse(packet, out var twcc))
        {
            accepted = true;
            var count = 0;
            foreach (var status in twcc.Packets)
            {
                _ = status.Delta;
                count++;
            }

            Assert.Equal(twcc.PacketStatusCount, count);
        }

        return accepted;
    }

    private static byte[] Sample(string name)
    {
        var buffer = new byte[256];
        var block = new RtcpReportBlock(1, 2, 3, 4, 5, 6, 7);
        var length = name switch
        {
            "sr" => RtcpSenderReport.Write(buffer, 1, 2, 3, 4, 5, [block, block]),
            "rr" => RtcpReceiverReport.Write(buffer, 1, [block]),
            "sdes" => RtcpSourceDescription.WriteCanonicalName(buffer, 1, "user@example"),
            "bye" => RtcpGoodbye.Write(buffer, [1u, 2u], "bye"),
            "nack" => RtcpGenericNack.Write(buffer, 1, 2, [5, 6, 30, 31, 100]),
            "pli" => RtcpPictureLossIndication.Write(buffer, 1, 2),
            "fir" => RtcpFullIntraRequest.Write(buffer, 1, [new(2, 3), new(4, 5)]),
            "remb" => RtcpReceiverEstimatedMaxBitrate.Write(buffer, 1, 1_500_000, [2u, 3u]),
            _ => RtcpTransportFeedback.Write(buffer, 1, 2, 65530, 100, 1,
            [
                TransportFeedbackPacket.Received(65530, 4),
                TransportFeedbackPacket.Lost(65531),
                TransportFeedbackPacket.Received(65532, 1000),
                TransportFeedbackPacket.Received(65533, 0),
                TransportFeedbackPacket.Received(65534, 250),
            ]),
        };
        return buffer.AsSpan(0, length).ToArray();
    }
}
