namespace Parley.Sfu;

/// <summary>
/// What a producer stream learnt about one incoming packet, handed to each consumer (parsed once, used N times).
/// <see cref="PictureId"/> and <see cref="Tl0PicIdx"/> are -1 when the payload carries none (VP8 and VP9 do).
/// </summary>
internal readonly record struct ForwardedPacket(int Layer, bool IsKeyFrame, int PictureId, int Tl0PicIdx, int TemporalLayerId)
{
    /// <summary>A packet whose payload has nothing to rewrite: only its layer and key-frame flag matter.</summary>
    public static ForwardedPacket Opaque(int layer, bool isKeyFrame) => new(layer, isKeyFrame, -1, -1, 0);
}
