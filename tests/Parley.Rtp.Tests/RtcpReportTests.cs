using System.Text;
using Parley.Rtp.Rtcp;

namespace Parley.Rtp.Tests;

public class RtcpReportTests
{
    private static readonly RtcpReportBlock BlockA = new(0x01020304, 25, -3, 0x0001FFFF, 120, 0xAABBCCDD, 65536);
    private static readonly RtcpReportBlock BlockB = new(0x0A0B0C0D, 0, 0x7FFFFF, 70000, 0, 0, 0);

    [Fact]
    public void A_sender_report_round_trips_with_report_blocks()
    {
        var buffer = new byte[128];
        var length = RtcpSenderReport.Write(buffer, 0xCAFEBABE, 0xE8A5_0000_8000_0000, 90_000, 1234, 567_890, [BlockA, BlockB]);

        Assert.Equal(28 + (2 * 24), length);
        Assert.True(RtcpPacket.TryParse(buffer.AsSpan(0, length), out var packet));
        Assert.Equal(RtcpPacketType.SenderReport, packet.PacketType);
        Assert.True(RtcpSenderReport.TryParse(packet, out var report));
        Assert.Equal(0xCAFEBABEu, report.Ssrc);
        Assert.Equal(0xE8A5_0000_8000_0000ul, report.NtpTimestamp);
        Assert.Equal(90_000u, report.RtpTimestamp);
        Assert.Equal(1234u, report.PacketCount);
        Assert.Equal(567_890u, report.OctetCount);
        Assert.Equal(2, report.ReportCount);
        Assert.Equal(BlockA, report.GetReportBlock(0));
        Assert.Equal(BlockB, report.GetReportBlock(1));
    }

    [Fact]
    public void A_receiver_report_round_trips_and_may_have_no_blocks()
    {
        var buffer = new byte[64];
        var length = RtcpReceiverReport.Write(buffer, 42, [BlockA]);
        Assert.True(RtcpPacket.TryParse(buffer.AsSpan(0, length), out var packet));
        Assert.True(RtcpReceiverReport.TryParse(packet, out var report));
        Assert.Equal(42u, report.Ssrc);
        Assert.Equal(BlockA, report.GetReportBlock(0));

        length = RtcpReceiverReport.Write(buffer, 43, []);
        Assert.Equal(8, length);
        Assert.True(RtcpPacket.TryParse(buffer.AsSpan(0, length), out var empty));
        Assert.True(RtcpReceiverReport.TryParse(empty, out var emptyReport));
        Assert.Equal(0, emptyReport.ReportCount);
    }

    [Fact]
    public void A_report_claiming_more_blocks_than_it_carries_is_rejected()
    {
        var buffer = new byte[64];
        var length = RtcpReceiverReport.Write(buffer, 42, [BlockA]);
        buffer[0] = (byte)((buffer[0] & 0xE0) | 2); // RC = 2, but one block only

        Assert.True(RtcpPacket.TryParse(buffer.AsSpan(0, length), out var packet));
        Assert.False(RtcpReceiverReport.TryParse(packet, out _));
    }

    [Theory]
    [InlineData("a")]
    [InlineData("ab")]
    [InlineData("abc")]
    [InlineData("abcd")]
    [InlineData("{9c1ab2e4-0e0f-4a43-9f1a-3e1c5d1b4f6a}")]
    public void Sdes_cname_round_trips_for_every_padding_length(string cname)
    {
        var buffer = new byte[128];
        var length = RtcpSourceDescription.WriteCanonicalName(buffer, 0x55667788, cname);

        Assert.Equal(0, length % 4);
        Assert.True(RtcpPacket.TryParse(buffer.AsSpan(0, length), out var packet));
        Assert.True(RtcpSourceDescription.TryParse(packet, out var sdes));
        Assert.Equal(1, sdes.ChunkCount);
        var chunks = 0;
        foreach (var chunk in sdes.Chunks)
        {
            chunks++;
            Assert.Equal(0x55667788u, chunk.Ssrc);
            Assert.True(chunk.TryGetCanonicalName(out var parsed));
            Assert.Equal(cname, Encoding.UTF8.GetString(parsed));
            Assert.False(chunk.TryGetItem(RtcpSdesItemType.Tool, out _));
        }

        Assert.Equal(1, chunks);
    }

    [Fact]
    public void Sdes_with_two_chunks_and_several_items_parses()
    {
        // Chunk 1: SSRC 1, CNAME "x", TOOL "yz", end + pad. Chunk 2: SSRC 2, CNAME "abcdef", end + pad.
        var bytes = Hex.Parse("""
            82 ca 00 07
            00 00 00 01 01 01 78 06 02 79 7a 00
            00 00 00 02 01 06 61 62 63 64 65 66 00 00 00 00
            """);
        Assert.True(RtcpPacket.TryParse(bytes, out var packet));
        Assert.True(RtcpSourceDescription.TryParse(packet, out var sdes));

        var names = new List<(uint, string, string?)>();
        foreach (var chunk in sdes.Chunks)
        {
            Assert.True(chunk.TryGetCanonicalName(out var cname));
            var tool = chunk.TryGetItem(RtcpSdesItemType.Tool, out var toolBytes) ? Encoding.UTF8.GetString(toolBytes) : null;
            names.Add((chunk.Ssrc, Encoding.UTF8.GetString(cname), tool));
        }

        Assert.Equal([(1u, "x", "yz"), (2u, "abcdef", null)], names);
    }

    [Fact]
    public void Bye_round_trips_with_and_without_a_reason()
    {
        var buffer = new byte[64];
        var length = RtcpGoodbye.Write(buffer, [7u, 8u], "left the room");
        Assert.True(RtcpPacket.TryParse(buffer.AsSpan(0, length), out var packet));
        Assert.True(RtcpGoodbye.TryParse(packet, out var bye));
        Assert.Equal(2, bye.SourceCount);
        Assert.Equal(7u, bye.GetSsrc(0));
        Assert.Equal(8u, bye.GetSsrc(1));
        Assert.True(bye.TryGetReason(out var reason));
        Assert.Equal("left the room", Encoding.UTF8.GetString(reason));

        length = RtcpGoodbye.Write(buffer, [9u]);
        Assert.Equal(8, length);
        Assert.True(RtcpPacket.TryParse(buffer.AsSpan(0, length), out var plain));
        Assert.True(RtcpGoodbye.TryParse(plain, out var plainBye));
        Assert.False(plainBye.TryGetReason(out _));
    }

    [Fact]
    public void A_compound_packet_iterates_in_order_and_validates()
    {
        var buffer = new byte[256];
        var length = RtcpSenderReport.Write(buffer, 1, 2, 3, 4, 5, [BlockA]);
        length += RtcpSourceDescription.WriteCanonicalName(buffer.AsSpan(length), 1, "cname");
        length += RtcpGoodbye.Write(buffer.AsSpan(length), [1u]);
        var compound = buffer.AsSpan(0, length);

        var types = new List<RtcpPacketType>();
        foreach (var packet in RtcpCompound.Enumerate(compound))
        {
            types.Add(packet.PacketType);
        }

        Assert.Equal([RtcpPacketType.SenderReport, RtcpPacketType.SourceDescription, RtcpPacketType.Goodbye], types);
        Assert.True(RtcpCompound.TryValidate(compound, out var count));
        Assert.Equal(3, count);
    }
}
