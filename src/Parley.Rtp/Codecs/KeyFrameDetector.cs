namespace Parley.Rtp.Codecs;

/// <summary>Key-frame detection by codec, and the mapping from SDP encoding names (a=rtpmap) to <see cref="PayloadCodec"/>.</summary>
public static class KeyFrameDetector
{
    /// <summary>The codec for an rtpmap encoding name ("VP8", "opus"…), case-insensitive; <see cref="PayloadCodec.Other"/> when unknown.</summary>
    public static PayloadCodec FromName(string encodingName)
    {
        ArgumentNullException.ThrowIfNull(encodingName);
        return encodingName.ToUpperInvariant() switch
        {
            "OPUS" => PayloadCodec.Opus,
            "VP8" => PayloadCodec.Vp8,
            "VP9" => PayloadCodec.Vp9,
            "H264" => PayloadCodec.H264,
            _ => PayloadCodec.Other,
        };
    }

    /// <summary>True for the video codecs whose streams only become decodable at a key frame.</summary>
    public static bool NeedsKeyFrames(PayloadCodec codec) => codec is PayloadCodec.Vp8 or PayloadCodec.Vp9 or PayloadCodec.H264;

    /// <summary>
    /// True when <paramref name="payload"/> (an RTP payload without padding) is the first packet of a key frame;
    /// false for malformed payloads and for codecs without key frames (Opus is decodable anywhere). Never throws.
    /// </summary>
    public static bool IsKeyFrame(PayloadCodec codec, ReadOnlySpan<byte> payload) => codec switch
    {
        PayloadCodec.Vp8 => Vp8PayloadDescriptor.TryParse(payload, out var vp8) && vp8.IsKeyFrame,
        PayloadCodec.Vp9 => Vp9PayloadDescriptor.TryParse(payload, out var vp9) && vp9.IsKeyFrame,
        PayloadCodec.H264 => H264Packet.TryParse(payload, out var h264) && h264.IsKeyFrame,
        _ => false,
    };
}
