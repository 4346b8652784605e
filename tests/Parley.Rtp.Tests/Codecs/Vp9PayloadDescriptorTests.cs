using Parley.Rtp.Codecs;

namespace Parley.Rtp.Tests.Codecs;

public sealed class Vp9PayloadDescriptorTests
{
    [Fact]
    public void A_non_flexible_key_frame_on_spatial_layer_zero_parses()
    {
        // RFC 9628 §4.2: I=1 P=0 L=1 F=0 B=1 E=0 V=0; picture id 0x0102 (15 bits); TID=0 U=0 SID=0 D=0; TL0PICIDX 7.
        Assert.True(Vp9PayloadDescriptor.TryParse(Hex.Parse("a8 81 02 00 07 ff"), out var d));
        Assert.Equal(5, d.Length);
        Assert.Equal(0x102, d.PictureId);
        Assert.Equal(15, d.PictureIdBits);
        Assert.True(d.HasTl0PicIdx);
        Assert.Equal(7, d.Tl0PicIdx);
        Assert.True(d.IsKeyFrame);
    }

    [Fact]
    public void Rewriting_changes_only_the_picture_id_and_tl0picidx_bytes()
    {
        var payload = Hex.Parse("a8 81 02 00 07 ff");
        Assert.True(Vp9PayloadDescriptor.TryParse(payload, out var d));

        d.RewritePictureId(payload, 0x7ABC);
        d.RewriteTl0PicIdx(payload, 200);

        Assert.Equal(Hex.Parse("a8 fa bc 00 c8 ff"), payload);
        Assert.True(Vp9PayloadDescriptor.TryParse(payload, out var again));
        Assert.Equal(0x7ABC, again.PictureId);
        Assert.Equal(200, again.Tl0PicIdx);
    }

    [Fact]
    public void A_seven_bit_picture_id_is_rewritten_modulo_128()
    {
        // I=1 P=1 L=0 F=0 B=1: picture id 5 in one byte (M=0).
        var payload = Hex.Parse("c8 05 ff");
        Assert.True(Vp9PayloadDescriptor.TryParse(payload, out var d));

        d.RewritePictureId(payload, 130);

        Assert.Equal(Hex.Parse("c8 02 ff"), payload);
    }

    [Fact]
    public void Rewriting_a_descriptor_without_the_fields_leaves_the_payload_alone()
    {
        // Flexible mode: layer indices but no TL0PICIDX; no picture id (I=0).
        var payload = Hex.Parse("78 20 03 04 ff");
        Assert.True(Vp9PayloadDescriptor.TryParse(payload, out var d));

        d.RewritePictureId(payload, 77);
        d.RewriteTl0PicIdx(payload, 9);

        Assert.Equal(Hex.Parse("78 20 03 04 ff"), payload);
    }

    [Fact]
    public void An_intra_frame_on_a_higher_spatial_layer_is_not_a_key_frame()
    {
        // SID=1, P=0, B=1
        Assert.True(Vp9PayloadDescriptor.TryParse(Hex.Parse("a8 05 02 07 ff"), out var d));
        Assert.Equal(1, d.SpatialLayerId);
        Assert.Equal(5, d.PictureId);
        Assert.False(d.IsKeyFrame);
    }

    [Fact]
    public void A_flexible_inter_frame_skips_its_reference_diffs()
    {
        // I=1 P=1 L=1 F=1 B=1: picture id 3 (7 bits); layer byte; two P_DIFFs (N=1 then N=0); payload.
        Assert.True(Vp9PayloadDescriptor.TryParse(Hex.Parse("f8 03 20 03 04 ff"), out var d));
        Assert.True(d.FlexibleMode);
        Assert.False(d.HasTl0PicIdx);
        Assert.Equal(1, d.TemporalLayerId);
        Assert.Equal(5, d.Length);
        Assert.False(d.IsKeyFrame);
    }

    [Fact]
    public void A_scalability_structure_is_skipped()
    {
        // I=0 P=0 L=0 F=0 B=1 V=1; SS: N_S=0 Y=1 G=1; 1 × (width 640, height 360); N_G=1; TID=0 U=0 R=1; P_DIFF 1.
        Assert.True(Vp9PayloadDescriptor.TryParse(Hex.Parse("0a 18 02 80 01 68 01 04 01 ff"), out var d));
        Assert.True(d.HasScalabilityStructure);
        Assert.Equal(9, d.Length);
        Assert.True(d.IsKeyFrame);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a8")]
    [InlineData("a8 81")]
    [InlineData("a8 81 02")]
    [InlineData("a8 81 02 00")]
    [InlineData("f8 03 20 03")]
    [InlineData("f8 03 20 03 03 03 03")]
    [InlineData("0a 18 02 80 01 68 01 04")]
    public void Truncated_descriptors_are_rejected(string hex) =>
        Assert.False(Vp9PayloadDescriptor.TryParse(Hex.Parse(hex), out _));
}
