using Parley.Rtp.Codecs;

namespace Parley.Rtp.Tests.Codecs;

public sealed class KeyFrameDetectorTests
{
    [Theory]
    [InlineData("VP8", PayloadCodec.Vp8)]
    [InlineData("vp9", PayloadCodec.Vp9)]
    [InlineData("H264", PayloadCodec.H264)]
    [InlineData("opus", PayloadCodec.Opus)]
    [InlineData("AV1", PayloadCodec.Other)]
    public void Encoding_names_map_to_codecs(string name, PayloadCodec codec) =>
        Assert.Equal(codec, KeyFrameDetector.FromName(name));

    [Fact]
    public void Detection_dispatches_by_codec()
    {
        var vp8Key = Hex.Parse("10 00 9d 01 2a");
        Assert.True(KeyFrameDetector.IsKeyFrame(PayloadCodec.Vp8, vp8Key));
        Assert.False(KeyFrameDetector.IsKeyFrame(PayloadCodec.Opus, vp8Key));
        Assert.True(KeyFrameDetector.IsKeyFrame(PayloadCodec.H264, Hex.Parse("65 88")));
        Assert.True(KeyFrameDetector.IsKeyFrame(PayloadCodec.Vp9, Hex.Parse("08 ff")));
        Assert.False(KeyFrameDetector.IsKeyFrame(PayloadCodec.Vp9, Hex.Parse("48 ff")));
        Assert.False(KeyFrameDetector.IsKeyFrame(PayloadCodec.Vp8, []));
    }

    [Fact]
    public void Only_video_codecs_need_key_frames()
    {
        Assert.True(KeyFrameDetector.NeedsKeyFrames(PayloadCodec.Vp8));
        Assert.False(KeyFrameDetector.NeedsKeyFrames(PayloadCodec.Opus));
    }
}
