using Parley.Rtp.Codecs;

namespace Parley.Sfu;

/// <summary>What a producer stream learnt about one incoming packet, handed to each consumer (parsed once, used N times).</summary>
internal readonly record struct ForwardedPacket(int Layer, bool IsKeyFrame, bool HasVp8, Vp8PayloadDescriptor Vp8)
{
    public int PictureId => HasVp8 && Vp8.HasPictureId ? Vp8.PictureId : -1;

    public int Tl0PicIdx => HasVp8 && Vp8.HasTl0PicIdx ? Vp8.Tl0PicIdx : -1;

    public int TemporalLayerId => HasVp8 ? Vp8.TemporalLayerId : 0;
}
