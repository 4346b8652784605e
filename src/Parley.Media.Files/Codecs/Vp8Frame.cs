namespace Parley.Media.Files.Codecs;

/// <summary>One whole VP8 frame put back together from its RTP packets (descriptors removed).</summary>
/// <param name="Timestamp">The RTP timestamp its packets shared.</param>
/// <param name="IsKeyFrame">Bit 0 of the frame tag was 0 (RFC 6386 §9.1).</param>
/// <param name="Data">The frame; owned by the receiver.</param>
public readonly record struct Vp8Frame(uint Timestamp, bool IsKeyFrame, byte[] Data);
