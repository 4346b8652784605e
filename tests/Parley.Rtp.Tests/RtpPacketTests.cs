namespace Parley.Rtp.Tests;

public class RtpPacketTests
{
    // Hand-assembled per RFC 3550 §5.1: V=2, X=1, CC=1, M=1, PT=111, seq 0x1234, ts 0xDEADBEEF, SSRC 0x11223344,
    // CSRC 0xCAFEBABE, one-byte extension block (id 1 len 1 "0x7f", id 3 len 2 "0xabcd", one padding byte),
    // payload "hello".
    private static byte[] SamplePacket => Hex.Parse("""
        91 ef 12 34 de ad be ef 11 22 33 44 ca fe ba be
        be de 00 02 10 7f 31 ab cd 00 00 00
        68 65 6c 6c 6f
        """);

    [Fact]
    public void A_hand_assembled_packet_parses_field_by_field()
    {
        var bytes = SamplePacket;
        Assert.True(RtpPacket.TryParse(bytes, out var packet));

        Assert.Equal(2, packet.Version);
        Assert.False(packet.HasPadding);
        Assert.True(packet.HasExtension);
        Assert.Equal(1, packet.CsrcCount);
        Assert.True(packet.Marker);
        Assert.Equal(111, packet.PayloadType);
        Assert.Equal(0x1234, packet.SequenceNumber);
        Assert.Equal(0xDEADBEEFu, packet.Timestamp);
        Assert.Equal(0x11223344u, packet.Ssrc);
        Assert.Equal(0xCAFEBABEu, packet.GetCsrc(0));
        Assert.Equal(RtpPacket.OneByteExtensionProfile, packet.ExtensionProfile);
        Assert.Equal(28, packet.HeaderLength);
        Assert.Equal("hello"u8.ToArray(), packet.Payload.ToArray());
        Assert.True(packet.TryGetExtension(1, out var audioLevel));
        Assert.Equal([0x7f], audioLevel.ToArray());
        Assert.True(packet.TryGetExtension(3, out var twcc));
        Assert.Equal([0xab, 0xcd], twcc.ToArray());
        Assert.False(packet.TryGetExtension(2, out _));
    }

    [Fact]
    public void The_writer_reproduces_the_hand_assembled_packet()
    {
        var buffer = new byte[64];
        var writer = new RtpPacketWriter(buffer, 111, 0x1234, 0xDEADBEEF, 0x11223344, marker: true);
        writer.AddCsrc(0xCAFEBABE);
        writer.AddExtension(1, [0x7f]);
        writer.AddExtension(3, [0xab, 0xcd]);
        writer.WritePayload("hello"u8);

        Assert.Equal(SamplePacket, writer.Written.ToArray());
    }

    [Fact]
    public void The_sfu_rewrites_ssrc_payload_type_sequence_and_timestamp_in_place()
    {
        var bytes = SamplePacket;
        Assert.True(RtpPacket.TryParse(bytes, out var packet));

        packet.Ssrc = 0xA1B2C3D4;
        packet.PayloadType = 96;
        packet.SequenceNumber = 0xFFFF;
        packet.Timestamp = 90_000;

        Assert.True(RtpPacket.TryParse(bytes, out var reparsed));
        Assert.Equal(0xA1B2C3D4u, reparsed.Ssrc);
        Assert.Equal(96, reparsed.PayloadType);
        Assert.True(reparsed.Marker); // the marker bit shares a byte with PT and must survive
        Assert.Equal(0xFFFF, reparsed.SequenceNumber);
        Assert.Equal(90_000u, reparsed.Timestamp);
        Assert.Equal("hello"u8.ToArray(), reparsed.Payload.ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() =>
        {
            Assert.True(RtpPacket.TryParse(bytes, out var p));
            p.PayloadType = 128;
        });
    }

    [Fact]
    public void Padding_is_excluded_from_the_payload_and_round_trips()
    {
        var buffer = new byte[64];
        var writer = new RtpPacketWriter(buffer, 96, 1, 2, 3);
        writer.WritePayload([1, 2, 3]);
        writer.AddPadding(5);

        Assert.True(RtpPacket.TryParse(writer.Written, out var packet));
        Assert.True(packet.HasPadding);
        Assert.Equal(5, packet.PaddingLength);
        Assert.Equal([1, 2, 3], packet.Payload.ToArray());
        Assert.Equal(20, writer.Length);
    }

    [Fact]
    public void Two_byte_extensions_allow_empty_and_long_elements()
    {
        var buffer = new byte[400];
        var longValue = Enumerable.Range(0, 200).Select(i => (byte)i).ToArray();
        var writer = new RtpPacketWriter(buffer, 96, 1, 2, 3);
        writer.UseExtensionForm(RtpHeaderExtensionForm.TwoByte);
        writer.AddExtension(20, []);
        writer.AddExtension(200, longValue);
        writer.WritePayload([9]);

        Assert.True(RtpPacket.TryParse(writer.Written, out var packet));
        Assert.Equal(0x1000, packet.ExtensionProfile);
        var seen = new List<(byte Id, byte[] Data)>();
        foreach (var extension in packet.Extensions)
        {
            seen.Add((extension.Id, extension.Data.ToArray()));
        }

        Assert.Equal(2, seen.Count);
        Assert.Equal((byte)20, seen[0].Id);
        Assert.Empty(seen[0].Data);
        Assert.Equal((byte)200, seen[1].Id);
        Assert.Equal(longValue, seen[1].Data);
        Assert.Equal([9], packet.Payload.ToArray());
    }

    [Fact]
    public void An_extension_can_be_rewritten_in_place()
    {
        var bytes = SamplePacket;
        Assert.True(RtpPacket.TryParse(bytes, out var packet));
        Assert.True(packet.TryGetExtension(3, out var transportSequence));
        transportSequence[0] = 0x00;
        transportSequence[1] = 0x07;

        Assert.True(RtpPacket.TryParse(bytes, out var reparsed));
        Assert.True(reparsed.TryGetExtension(3, out var rewritten));
        Assert.Equal([0x00, 0x07], rewritten.ToArray());
    }

    [Fact]
    public void One_byte_id_15_stops_extension_processing()
    {
        var bytes = Hex.Parse("90 60 00 01 00 00 00 02 00 00 00 03 be de 00 02 10 aa f0 00 20 bb 00 00");
        Assert.True(RtpPacket.TryParse(bytes, out var packet));

        Assert.True(packet.TryGetExtension(1, out _));
        Assert.False(packet.TryGetExtension(2, out _));
    }

    [Fact]
    public void Writer_misuse_throws()
    {
        Assert.Throws<ArgumentException>(() =>
        {
            var writer = new RtpPacketWriter(new byte[64], 96, 1, 2, 3);
            writer.AddExtension(15, [1]);
        });
        Assert.Throws<ArgumentException>(() =>
        {
            var writer = new RtpPacketWriter(new byte[64], 96, 1, 2, 3);
            writer.AddExtension(1, new byte[17]);
        });
        Assert.Throws<InvalidOperationException>(() =>
        {
            var writer = new RtpPacketWriter(new byte[64], 96, 1, 2, 3);
            writer.AddExtension(1, [1]);
            writer.AddCsrc(5);
        });
        Assert.Throws<ArgumentException>(() =>
        {
            var writer = new RtpPacketWriter(new byte[16], 96, 1, 2, 3);
            writer.WritePayload(new byte[5]);
        });
        Assert.Throws<ArgumentOutOfRangeException>(() => new RtpPacketWriter(new byte[16], 128, 1, 2, 3));
    }

    [Fact]
    public void Header_length_is_available_without_a_writable_buffer()
    {
        ReadOnlySpan<byte> bytes = SamplePacket;
        Assert.True(RtpPacket.TryGetHeaderLength(bytes, out var headerLength));
        Assert.Equal(28, headerLength);
    }
}
