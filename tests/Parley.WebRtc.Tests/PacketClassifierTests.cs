using Parley.WebRtc.Demux;

namespace Parley.WebRtc.Tests;

public sealed class PacketClassifierTests
{
    [Theory]
    [InlineData(new byte[] { 0x00, 0x01, 0x00, 0x00 }, PacketKind.Stun)]
    [InlineData(new byte[] { 0x03, 0x00 }, PacketKind.Stun)]
    [InlineData(new byte[] { 20, 0xFE, 0xFD }, PacketKind.Dtls)]
    [InlineData(new byte[] { 22, 0xFE, 0xFD }, PacketKind.Dtls)]
    [InlineData(new byte[] { 63, 0 }, PacketKind.Dtls)]
    [InlineData(new byte[] { 0x80, 96, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1 }, PacketKind.Rtp)]
    [InlineData(new byte[] { 0x80, 0xE0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1 }, PacketKind.Rtp)] // PT 96 with marker bit
    [InlineData(new byte[] { 0x80, 200, 0, 6, 0, 0, 0, 1 }, PacketKind.Rtcp)]
    [InlineData(new byte[] { 0x81, 201, 0, 1, 0, 0, 0, 1 }, PacketKind.Rtcp)]
    [InlineData(new byte[] { 0x8F, 206, 0, 2, 0, 0, 0, 1 }, PacketKind.Rtcp)]
    public void First_byte_ranges_of_RFC_7983_pick_the_protocol(byte[] datagram, PacketKind expected) =>
        Assert.Equal(expected, PacketClassifier.Classify(datagram));

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 4 })]      // between STUN and DTLS (ZRTP is 16–19)
    [InlineData(new byte[] { 17, 0 })]  // ZRTP
    [InlineData(new byte[] { 64, 0 })]  // TURN channel
    [InlineData(new byte[] { 200, 0 })] // above RTP
    [InlineData(new byte[] { 0x80, 96, 0, 1 })] // RTP shorter than its fixed header
    [InlineData(new byte[] { 0x80, 200, 0 })]   // RTCP shorter than its header
    public void Anything_else_is_unknown(byte[] datagram) =>
        Assert.Equal(PacketKind.Unknown, PacketClassifier.Classify(datagram));

    [Fact]
    public void Every_first_byte_is_classified_without_throwing()
    {
        var datagram = new byte[16];
        for (int first = 0; first < 256; first++)
        {
            for (int second = 0; second < 256; second += 7)
            {
                datagram[0] = (byte)first;
                datagram[1] = (byte)second;
                var kind = PacketClassifier.Classify(datagram);
                Assert.True(Enum.IsDefined(kind));
            }
        }
    }
}
