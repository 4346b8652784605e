namespace Parley.Rtp.Codecs;

/// <summary>
/// What the VP8 (RFC 7741 §4.2) and VP9 (RFC 9628 §4.2) payload descriptors have in common for a forwarder: the
/// continuity fields it keeps continuous across layer switches, and where a frame can be switched to. Implemented by
/// value types, used as a generic constraint so the hot path neither boxes nor branches per codec.
/// </summary>
public interface IPictureIdDescriptor
{
    bool IsKeyFrame { get; }

    bool HasPictureId { get; }

    int PictureId { get; }

    bool HasTl0PicIdx { get; }

    byte Tl0PicIdx { get; }

    int TemporalLayerId { get; }

    /// <summary>Writes a picture id into the payload the descriptor was parsed from; nothing when it has none.</summary>
    void RewritePictureId(Span<byte> payload, int pictureId);

    /// <summary>Writes a TL0PICIDX into the payload the descriptor was parsed from; nothing when it has none.</summary>
    void RewriteTl0PicIdx(Span<byte> payload, byte tl0PicIdx);
}
