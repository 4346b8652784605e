using Parley.Rtp.Codecs;

namespace Parley.Rtp.Tests.Codecs;

public sealed class H264PacketTests
{
    [Fact]
    public void A_single_idr_nal_unit_is_a_key_frame() =>
        Assert.True(H264Packet.TryParse(Hex.Parse("65 88 84 00"), out var p) && p.IsKeyFrame && p.NalUnitType == H264Packet.IdrSlice);

    [Fact]
    public void A_single_non_idr_slice_is_not_a_key_frame()
    {
        Assert.True(H264Packet.TryParse(Hex.Parse("41 9a 00"), out var p));
        Assert.Equal(1, p.NalUnitType);
        Assert.False(p.IsKeyFrame);
    }

    [Fact]
    public void An_stap_a_with_sps_and_pps_is_a_key_frame()
    {
        // RFC 6184 §5.7.1: STAP-A header, then (size, NAL) pairs: SPS (3 bytes), PPS (2 bytes).
        Assert.True(H264Packet.TryParse(Hex.Parse("78 00 03 67 42 c0 00 02 68 ce"), out var p));
        Assert.Equal(H264Packet.StapA, p.PacketType);
        Assert.Equal(H264Packet.SequenceParameterSet, p.NalUnitType);
        Assert.True(p.ContainsSps);
        Assert.True(p.ContainsPps);
        Assert.True(p.IsKeyFrame);
    }

    [Fact]
    public void Only_the_first_fu_a_fragment_of_an_idr_is_a_key_frame()
    {
        Assert.True(H264Packet.TryParse(Hex.Parse("7c 85 aa bb"), out var start));
        Assert.True(start.IsKeyFrame);
        Assert.True(start.IsFragmentStart);
        Assert.True(H264Packet.TryParse(Hex.Parse("7c 45 aa bb"), out var end));
        Assert.False(end.IsKeyFrame);
        Assert.True(end.IsFragmentEnd);
        Assert.Equal(H264Packet.IdrSlice, end.NalUnitType);
    }

    [Theory]
    [InlineData("")]
    [InlineData("e5 00")]          // forbidden bit
    [InlineData("7c 85")]          // FU-A without data
    [InlineData("78 00")]          // STAP-A size cut
    [InlineData("78 00 05 67 42")] // STAP-A NAL shorter than its size
    [InlineData("78")]             // STAP-A with nothing aggregated
    [InlineData("79 00 01 65")]    // STAP-B: not allowed in mode 1
    [InlineData("7d 85 00")]       // FU-B
    public void Malformed_or_disallowed_payloads_are_rejected(string hex) =>
        Assert.False(H264Packet.TryParse(Hex.Parse(hex), out _));
}
