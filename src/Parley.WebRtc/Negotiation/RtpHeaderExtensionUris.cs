namespace Parley.WebRtc.Negotiation;

/// <summary>The RTP header extensions the media layer negotiates (RFC 8285 <c>a=extmap</c> URIs).</summary>
public static class RtpHeaderExtensionUris
{
    /// <summary>The m= section a packet belongs to (RFC 8843 §15).</summary>
    public const string Mid = "urn:ietf:params:rtp-hdrext:sdes:mid";

    /// <summary>The simulcast layer (rid) of a packet (RFC 8852 §3.1).</summary>
    public const string Rid = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";

    /// <summary>The rid an RTX packet repairs (RFC 8852 §3.2).</summary>
    public const string RepairedRid = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id";

    /// <summary>Client-to-mixer audio level (RFC 6464), for active-speaker detection.</summary>
    public const string AudioLevel = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";

    /// <summary>Absolute send time, for receive-side bandwidth estimation (REMB).</summary>
    public const string AbsSendTime = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";

    /// <summary>Transport-wide sequence number, for transport-cc feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01).</summary>
    public const string TransportWideCc = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";

    /// <summary>Coordination of video orientation (3GPP TS 26.114).</summary>
    public const string VideoOrientation = "urn:3gpp:video-orientation";
}
