namespace Parley.Client.Media;

/// <summary>
/// One whole encoded frame reassembled from RTP: a VP8 frame as an IVF file stores it, or one Opus packet.
/// </summary>
/// <param name="Timestamp">The RTP timestamp of the frame (the codec's clock: 90 kHz video, 48 kHz Opus).</param>
/// <param name="IsKeyFrame">True for a VP8 key frame (always true for audio, which every packet can start).</param>
/// <param name="Data">The frame's bytes, without any RTP payload descriptor; owned by the receiver of the frame.</param>
public sealed record EncodedFrame(uint Timestamp, bool IsKeyFrame, byte[] Data);
