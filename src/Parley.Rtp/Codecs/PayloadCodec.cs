namespace Parley.Rtp.Codecs;

/// <summary>The payload formats whose RTP payload Parley looks into (key frames, picture ids).</summary>
public enum PayloadCodec
{
    /// <summary>Anything else: forwarded untouched, never reports a key frame.</summary>
    Other,
    Opus,
    Vp8,
    Vp9,
    H264,
}
