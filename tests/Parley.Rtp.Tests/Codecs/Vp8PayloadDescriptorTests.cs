using Parley.Rtp.Codecs;

namespace Parley.Rtp.Tests.Codecs;

public sealed class Vp8PayloadDescriptorTests
{
    // RFC 7741 §4.2: X=1 S=1 PID=0; I=1 L=1 T=1; M=1 picture id 0x1234 (15 bits); TL0PICIDX 0x56; TID=2 Y=1;
    // then the VP8 payload header with P=0 (key frame).
    private static byte[] KeyFrame15Bit => Hex.Parse("90 e0 92 34 56 a0 10 02 9d 01 2a");

    [Fact]
    public void A_full_descriptor_parses_field_by_field()
    {
        Assert.True(Vp8PayloadDescriptor.TryParse(KeyFrame15Bit, out var d));
        Assert.Equal(6, d.Length);
        Assert.True(d.IsStartOfFrame);
        Assert.True(d.IsKeyFrame);
        Assert.Equal(15, d.PictureIdBits);
        Assert.Equal(0x1234, d.PictureId);
        Assert.True(d.HasTl0PicIdx);
        Assert.Equal(0x56, d.Tl0PicIdx);
        Assert.Equal(2, d.TemporalLayerId);
        Assert.True(d.LayerSync);
    }

    [Fact]
    public void The_p_bit_set_means_an_inter_frame()
    {
        var bytes = KeyFrame15Bit;
        bytes[6] |= 0x01;
        Assert.True(Vp8PayloadDescriptor.TryParse(bytes, out var d));
        Assert.False(d.IsKeyFrame);
    }

    [Fact]
    public void Only_the_first_partition_can_report_a_key_frame()
    {
        var bytes = KeyFrame15Bit;
        bytes[0] = 0x81; // S=0, PID=1: the P-bit position is frame data here
        Assert.True(Vp8PayloadDescriptor.TryParse(bytes, out var d));
        Assert.False(d.IsKeyFrame);
    }

    [Fact]
    public void A_seven_bit_picture_id_parses_and_is_rewritten_modulo_128()
    {
        var bytes = Hex.Parse("90 80 7f 00");
        Assert.True(Vp8PayloadDescriptor.TryParse(bytes, out var d));
        Assert.Equal(7, d.PictureIdBits);
        Assert.Equal(127, d.PictureId);

        d.RewritePictureId(bytes, 130);

        Assert.Equal(Hex.Parse("90 80 02 00"), bytes);
    }

    [Fact]
    public void Rewriting_keeps_the_fifteen_bit_width_and_tl0picidx_in_place()
    {
        var bytes = KeyFrame15Bit;
        Assert.True(Vp8PayloadDescriptor.TryParse(bytes, out var d));

        d.RewritePictureId(bytes, 0x8001); // wraps to 0x0001
        d.RewriteTl0PicIdx(bytes, 0x99);

        Assert.Equal(Hex.Parse("90 e0 80 01 99 a0 10 02 9d 01 2a"), bytes);
    }

    [Fact]
    public void A_minimal_descriptor_has_no_picture_id()
    {
        Assert.True(Vp8PayloadDescriptor.TryParse(Hex.Parse("10 00"), out var d));
        Assert.Equal(1, d.Length);
        Assert.False(d.HasPictureId);
        Assert.True(d.IsKeyFrame);
        var bytes = Hex.Parse("10 00");
        d.RewritePictureId(bytes, 5);
        Assert.Equal(Hex.Parse("10 00"), bytes);
    }

    [Theory]
    [InlineData("")]
    [InlineData("90")]
    [InlineData("90 80")]
    [InlineData("90 80 92")]
    [InlineData("90 c0 12")]
    [InlineData("90 e0 92 34 56")]
    [InlineData("90 e0 92 34 56 a0")]
    public void Truncated_descriptors_are_rejected(string hex) =>
        Assert.False(Vp8PayloadDescriptor.TryParse(Hex.Parse(hex), out _));

    [Fact]
    public void Every_prefix_of_a_packet_parses_or_fails_without_throwing()
    {
        var bytes = KeyFrame15Bit;
        for (var i = 0; i <= bytes.Length; i++)
        {
            _ = Vp8PayloadDescriptor.TryParse(bytes.AsSpan(0, i), out _);
        }
    }
}
