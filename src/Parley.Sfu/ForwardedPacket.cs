using Parley.Rtp.Codecs;

namespace Parley.Sfu;

/// <summary>
/// What a producer stream learnt about one incoming packet, handed to each consumer (parsed once, used N times).
/// <see cref="PictureId"/> and <see cref="Tl0PicIdx"/> are -1 when the payload carries none (VP8 and VP9 do).
/// </summary>
internal readonly record struct ForwardedPacket(int Layer, bool IsKeyFrame, int PictureId, int Tl0PicIdx, int TemporalLayerId)
{
    /// <summary>A packet whose payload has nothing to rewrite: only its layer and key-frame flag matter.</summary>
    public static ForwardedPacket Opaque(int layer, bool isKeyFrame) => new(layer, isKeyFrame, -1, -1, 0);

    /// <summary>A VP8 or VP9 packet: the descriptor's continuity fields, -1 where absent.</summary>
    public static ForwardedPacket From<TDescriptor>(int layer, in TDescriptor descriptor)
        where TDescriptor : struct, IPictureIdDescriptor => new(
            layer,
            descriptor.IsKeyFrame,
            descriptor.HasPictureId ? descriptor.PictureId : -1,
            descriptor.HasTl0PicIdx ? descriptor.Tl0PicIdx : -1,
            descriptor.TemporalLayerId);
}
