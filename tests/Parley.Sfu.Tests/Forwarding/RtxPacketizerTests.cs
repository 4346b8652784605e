using Parley.Rtp;
using Parley.Sfu.Forwarding;

namespace Parley.Sfu.Tests.Forwarding;

public sealed class RtxPacketizerTests
{
    private static int Build(byte[] buffer, bool padding = false)
    {
        var writer = new RtpPacketWriter(buffer, 96, 0x1234, 90_000, 0xAAAA0001);
        writer.AddExtension(1, [0x42]);
        writer.WritePayload([1, 2, 3, 4]);
        if (padding)
        {
            writer.AddPadding(4);
        }

        return writer.Length;
    }

    [Fact]
    public void Wrapping_puts_the_original_sequence_number_first_and_uses_the_rtx_numbering()
    {
        // RFC 4588 §4: RTX SSRC and PT, own sequence numbers, OSN as the first two payload bytes.
        var buffer = new byte[64];
        var rtx = new RtxPacketizer(0xBBBB0002, 97, 7);

        var length = rtx.Wrap(buffer, Build(buffer, padding: true));

        Assert.True(RtpPacket.TryParse(buffer.AsSpan(0, length), out var packet));
        Assert.Equal(0xBBBB0002u, packet.Ssrc);
        Assert.Equal(97, packet.PayloadType);
        Assert.Equal((ushort)7, packet.SequenceNumber);
        Assert.False(packet.HasPadding);
        Assert.Equal([0x12, 0x34, 1, 2, 3, 4], packet.Payload.ToArray());
        Assert.True(packet.TryGetExtension(1, out var ext) && ext[0] == 0x42);

        var second = rtx.Wrap(buffer, Build(buffer));
        Assert.True(RtpPacket.TryParse(buffer.AsSpan(0, second), out var next));
        Assert.Equal((ushort)8, next.SequenceNumber);
    }

    [Fact]
    public void Unwrapping_restores_the_original_packet()
    {
        var original = new byte[64];
        var originalLength = Build(original);
        var buffer = new byte[64];
        Build(buffer);
        var rtxLength = new RtxPacketizer(0xBBBB0002, 97, 7).Wrap(buffer, originalLength);

        Assert.True(RtxPacketizer.TryUnwrap(buffer, rtxLength, 0xAAAA0001, 96, out var length));

        Assert.Equal(original.AsSpan(0, originalLength).ToArray(), buffer.AsSpan(0, length).ToArray());
    }

    [Fact]
    public void A_padding_only_rtx_packet_does_not_unwrap()
    {
        var buffer = new byte[64];
        var writer = new RtpPacketWriter(buffer, 97, 1, 0, 0xBBBB0002);
        writer.WritePayload([]);
        writer.AddPadding(8);
        Assert.False(RtxPacketizer.TryUnwrap(buffer, writer.Length, 1, 96, out _));
    }
}
