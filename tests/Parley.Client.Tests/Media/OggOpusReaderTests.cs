using Parley.Client.Media;

namespace Parley.Client.Tests.Media;

public sealed class OggOpusReaderTests
{
    [Fact]
    public void Opus_packets_written_to_an_ogg_file_are_read_back_with_the_header()
    {
        using var reader = OggOpusReader.Open(MediaFileFactory.OggOpus(50));

        Assert.Equal(2, reader.ChannelCount);
        Assert.Equal(48000u, reader.InputSampleRate);
        Assert.Equal(312, reader.PreSkip);
        var packets = reader.ReadAllPackets();
        Assert.Equal(50, packets.Count);
        Assert.Equal(MediaFileFactory.OpusPacket(49, 80), packets[49].ToArray());
        Assert.Equal(0, reader.CorruptPages);
    }

    [Fact]
    public void Packets_longer_than_255_bytes_are_reassembled_from_lacing()
    {
        using var reader = OggOpusReader.Open(MediaFileFactory.OggOpus(3, packetSize: 700));

        Assert.All(reader.ReadAllPackets(), packet => Assert.Equal(700, packet.Length));
    }

    [Fact]
    public void A_page_with_a_bad_crc_is_skipped_and_counted()
    {
        var bytes = MediaFileFactory.OggOpus(5).ToArray();
        bytes[^10] ^= 0xFF; // inside the last page's packet

        using var reader = OggOpusReader.Open(new MemoryStream(bytes));

        Assert.Equal(4, reader.ReadAllPackets().Count);
        Assert.Equal(1, reader.CorruptPages);
    }

    [Fact]
    public void A_stream_without_OpusHead_is_rejected()
    {
        using var stream = new MemoryStream("OggS not really"u8.ToArray());
        Assert.Throws<InvalidDataException>(() => OggOpusReader.Open(stream));
    }

    [Theory]
    [InlineData((31 << 3) | 0, 960)]        // CELT 20 ms
    [InlineData((16 << 3) | 0, 120)]        // CELT 2.5 ms
    [InlineData((1 << 3) | 0, 960)]         // SILK 20 ms
    [InlineData((3 << 3) | 0, 2880)]        // SILK 60 ms
    [InlineData((13 << 3) | 1, 1920)]       // hybrid 20 ms, two frames
    public void Opus_durations_come_from_the_toc_byte(int toc, int samples) =>
        Assert.Equal(samples, OpusPacketInfo.GetSampleCount([(byte)toc, 0, 0]));

    [Fact]
    public void A_code_3_packet_reads_its_frame_count()
    {
        byte[] packet = [(31 << 3) | 3, 3, 0];
        Assert.Equal(3 * 960, OpusPacketInfo.GetSampleCount(packet));
        Assert.Equal(0, OpusPacketInfo.GetSampleCount([(31 << 3) | 3]));
        Assert.Equal(0, OpusPacketInfo.GetSampleCount([]));
    }
}
