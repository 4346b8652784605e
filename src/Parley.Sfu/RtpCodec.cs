using Parley.Rtp.Codecs;

namespace Parley.Sfu;

/// <summary>A producer's negotiated codec (a=rtpmap, a=fmtp, a=rtcp-fb), as the publisher's SDP offered it.</summary>
/// <param name="Name">Encoding name: "opus", "VP8", "VP9", "H264"…</param>
/// <param name="ClockRate">RTP clock rate in Hz (48000 for Opus, 90000 for video).</param>
/// <param name="PayloadType">The publisher's payload type on the send transport.</param>
public sealed record RtpCodec(string Name, int ClockRate, byte PayloadType)
{
    /// <summary>Audio channels (2 for Opus in SDP); 1 for video.</summary>
    public int Channels { get; init; } = 1;

    /// <summary>The publisher's RTX payload type (a=fmtp apt=…); null without RTX.</summary>
    public byte? RtxPayloadType { get; init; }

    /// <summary>The a=fmtp parameters, informational (the SFU does not transcode).</summary>
    public string? Fmtp { get; init; }

    public RtcpFeedback Feedback { get; init; }

    internal PayloadCodec PayloadCodec => KeyFrameDetector.FromName(Name);
}
