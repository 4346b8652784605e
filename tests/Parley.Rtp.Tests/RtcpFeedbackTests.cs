using Parley.Rtp.Rtcp;

namespace Parley.Rtp.Tests;

public class RtcpFeedbackTests
{
    [Fact]
    public void A_hand_assembled_nack_expands_pid_and_blp()
    {
        // PID 100, BLP 0b0000_0000_0000_0101 → 100, 101, 103. PID 65535, BLP bit 0 → 65535, 0 (wraps).
        var bytes = Hex.Parse("81 cd 00 04 00 00 00 01 00 00 00 02 00 64 00 05 ff ff 00 01");
        Assert.True(RtcpPacket.TryParse(bytes, out var packet));
        Assert.True(RtcpGenericNack.TryParse(packet, out var nack));

        Assert.Equal(1u, nack.SenderSsrc);
        Assert.Equal(2u, nack.MediaSsrc);
        Assert.Equal(2, nack.EntryCount);
        Assert.Equal(((ushort)100, (ushort)5), nack.GetEntry(0));
        Assert.Equal([100, 101, 103, 65535, 0], Lost(nack));
    }

    [Fact]
    public void Nack_round_trips_and_packs_nearby_losses_into_one_entry()
    {
        ushort[] lost = [65530, 65531, 65535, 3, 10, 40, 41, 56, 57];
        var buffer = new byte[64];
        var length = RtcpGenericNack.Write(buffer, 10, 20, lost);

        Assert.True(RtcpPacket.TryParse(buffer.AsSpan(0, length), out var packet));
        Assert.True(RtcpGenericNack.TryParse(packet, out var nack));
        Assert.Equal(10u, nack.SenderSsrc);
        Assert.Equal(20u, nack.MediaSsrc);
        // 65530 covers up to 65530+16=10 (wrapped); 40 covers 41, 56 (=40+16); 57 needs a third entry.
        Assert.Equal(3, nack.EntryCount);
        Assert.Equal(lost.Select(s => (int)s), Lost(nack));
    }

    [Fact]
    public void Nack_writer_rejects_descending_input()
    {
        Assert.Throws<ArgumentException>(() => RtcpGenericNack.Write(new byte[64], 1, 2, [10, 5]));
        Assert.Throws<ArgumentException>(() => RtcpGenericNack.Write(new byte[64], 1, 2, []));
    }

    [Fact]
    public void Pli_round_trips()
    {
        var buffer = new byte[12];
        var length = RtcpPictureLossIndication.Write(buffer, 3, 4);

        Assert.Equal(Hex.Parse("81 ce 00 02 00 00 00 03 00 00 00 04"), buffer.AsSpan(0, length).ToArray());
        Assert.True(RtcpPacket.TryParse(buffer, out var packet));
        Assert.True(RtcpPictureLossIndication.TryParse(packet, out var pli));
        Assert.Equal(3u, pli.SenderSsrc);
        Assert.Equal(4u, pli.MediaSsrc);
        Assert.False(RtcpFullIntraRequest.TryParse(packet, out _));
    }

    [Fact]
    public void Fir_round_trips_with_several_entries()
    {
        var buffer = new byte[64];
        var length = RtcpFullIntraRequest.Write(buffer, 5, [new(0x11111111, 1), new(0x22222222, 255)]);

        Assert.True(RtcpPacket.TryParse(buffer.AsSpan(0, length), out var packet));
        Assert.Equal(4, packet.Count);
        Assert.True(RtcpFullIntraRequest.TryParse(packet, out var fir));
        Assert.Equal(5u, fir.SenderSsrc);
        Assert.Equal(2, fir.EntryCount);
        Assert.Equal(new RtcpFullIntraRequestEntry(0x11111111, 1), fir.GetEntry(0));
        Assert.Equal(new RtcpFullIntraRequestEntry(0x22222222, 255), fir.GetEntry(1));
    }

    [Theory]
    [InlineData(0UL)]
    [InlineData(150_000UL)]
    [InlineData(262_143UL)] // largest exact 18-bit mantissa
    [InlineData(2_500_000UL)]
    [InlineData(1_000_000_000_000UL)]
    public void Remb_round_trips_within_mantissa_precision(ulong bitrate)
    {
        var buffer = new byte[64];
        var length = RtcpReceiverEstimatedMaxBitrate.Write(buffer, 9, bitrate, [0xAAAA, 0xBBBB]);

        Assert.True(RtcpPacket.TryParse(buffer.AsSpan(0, length), out var packet));
        Assert.True(RtcpReceiverEstimatedMaxBitrate.TryParse(packet, out var remb));
        Assert.Equal(9u, remb.SenderSsrc);
        Assert.Equal(2, remb.SsrcCount);
        Assert.Equal(0xAAAAu, remb.GetSsrc(0));
        Assert.Equal(0xBBBBu, remb.GetSsrc(1));
        Assert.True(remb.Bitrate <= bitrate);
        Assert.True(bitrate - remb.Bitrate <= bitrate / (1 << 17), $"{remb.Bitrate} vs {bitrate}");
    }

    [Fact]
    public void A_hand_assembled_remb_decodes_exponent_and_mantissa()
    {
        // Exponent 3, mantissa 0x1_2345 → 0x12345 << 3 = 596008 bit/s; one SSRC 0x01020304.
        var bytes = Hex.Parse("8f ce 00 05 00 00 00 07 00 00 00 00 52 45 4d 42 01 0d 23 45 01 02 03 04");
        Assert.True(RtcpPacket.TryParse(bytes, out var packet));
        Assert.True(RtcpReceiverEstimatedMaxBitrate.TryParse(packet, out var remb));
        Assert.Equal(0x12345UL << 3, remb.Bitrate);
        Assert.Equal(0x01020304u, remb.GetSsrc(0));
    }

    [Fact]
    public void A_psfb_15_that_is_not_remb_is_rejected_as_remb()
    {
        var bytes = Hex.Parse("8f ce 00 04 00 00 00 07 00 00 00 00 41 42 43 44 00 00 00 00");
        Assert.True(RtcpPacket.TryParse(bytes, out var packet));
        Assert.False(RtcpReceiverEstimatedMaxBitrate.TryParse(packet, out _));
    }

    private static List<int> Lost(RtcpGenericNack nack)
    {
        var lost = new List<int>();
        foreach (var sequenceNumber in nack.LostSequenceNumbers)
        {
            lost.Add(sequenceNumber);
        }

        return lost;
    }
}
