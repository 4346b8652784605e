namespace Parley.Sdp.Tests;

/// <summary>
/// An offer in the shape Firefox 12x writes: LF-only line endings as some signaling layers hand them over,
/// session-level fingerprint, <c>a=extmap</c> with directions, opus + VP8/VP9/H264 with rtx, sendonly video,
/// ssrc-group FID, trickle/end-of-candidates, a rejected (port 0) m= section and no data channel.
/// </summary>
internal static class FirefoxOffer
{
    public const string Text =
        "v=0\n" +
        "o=mozilla...THIS_IS_SDPARTA-128.0 6201026620036399016 0 IN IP4 0.0.0.0\n" +
        "s=-\n" +
        "t=0 0\n" +
        "a=fingerprint:sha-256 4C:EF:CB:65:2E:DB:2A:D6:7E:6E:07:A6:7A:9D:B7:DE:3C:62:BD:C9:E5:DC:65:74:A0:6F:5E:0A:39:04:F7:D4\n" +
        "a=group:BUNDLE 0 1 2\n" +
        "a=ice-options:trickle\n" +
        "a=msid-semantic:WMS *\n" +
        "m=audio 9 UDP/TLS/RTP/SAVPF 109 9 0 8 101\n" +
        "c=IN IP4 0.0.0.0\n" +
        "a=candidate:0 1 UDP 2122252543 198.51.100.4 61234 typ host\n" +
        "a=candidate:1 1 TCP 2105524479 198.51.100.4 9 typ host tcptype active\n" +
        "a=sendrecv\n" +
        "a=end-of-candidates\n" +
        "a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level\n" +
        "a=extmap:2/recvonly urn:ietf:params:rtp-hdrext:csrc-audio-level\n" +
        "a=extmap:3 urn:ietf:params:rtp-hdrext:sdes:mid\n" +
        "a=fmtp:109 maxplaybackrate=48000;stereo=1;useinbandfec=1\n" +
        "a=fmtp:101 0-15\n" +
        "a=ice-pwd:4ce3a0b5f3a4e6bb1a1f1d6a2b2e3c4d\n" +
        "a=ice-ufrag:5f1c9a2e\n" +
        "a=mid:0\n" +
        "a=msid:{8c2b4f7e-1b5a-4b0e-9c1f-3a7d2e5b6c80} {b0a1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d}\n" +
        "a=rtcp-mux\n" +
        "a=rtpmap:109 opus/48000/2\n" +
        "a=rtpmap:9 G722/8000/1\n" +
        "a=rtpmap:0 PCMU/8000\n" +
        "a=rtpmap:8 PCMA/8000\n" +
        "a=rtpmap:101 telephone-event/8000/1\n" +
        "a=setup:actpass\n" +
        "a=ssrc:2655508255 cname:{6b1d4a1e-0c64-4b7a-a4b8-1b5d2c9e3f70}\n" +
        "m=video 9 UDP/TLS/RTP/SAVPF 120 124 121 125 126 127 97 98\n" +
        "c=IN IP4 0.0.0.0\n" +
        "a=sendonly\n" +
        "a=extmap:3 urn:ietf:params:rtp-hdrext:sdes:mid\n" +
        "a=extmap:4 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time\n" +
        "a=extmap:5 urn:ietf:params:rtp-hdrext:toffset\n" +
        "a=extmap:6/recvonly http://www.webrtc.org/experiments/rtp-hdrext/playout-delay\n" +
        "a=extmap:7 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01\n" +
        "a=fmtp:126 profile-level-id=42e01f;level-asymmetry-allowed=1;packetization-mode=1\n" +
        "a=fmtp:97 profile-level-id=42e01f;level-asymmetry-allowed=1\n" +
        "a=fmtp:120 max-fs=12288;max-fr=60\n" +
        "a=fmtp:124 apt=120\n" +
        "a=fmtp:121 max-fs=12288;max-fr=60\n" +
        "a=fmtp:125 apt=121\n" +
        "a=fmtp:127 apt=126\n" +
        "a=fmtp:98 apt=97\n" +
        "a=ice-pwd:4ce3a0b5f3a4e6bb1a1f1d6a2b2e3c4d\n" +
        "a=ice-ufrag:5f1c9a2e\n" +
        "a=mid:1\n" +
        "a=msid:{8c2b4f7e-1b5a-4b0e-9c1f-3a7d2e5b6c80} {c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f}\n" +
        "a=rtcp-fb:120 nack\n" +
        "a=rtcp-fb:120 nack pli\n" +
        "a=rtcp-fb:120 ccm fir\n" +
        "a=rtcp-fb:120 goog-remb\n" +
        "a=rtcp-fb:120 transport-cc\n" +
        "a=rtcp-fb:121 nack\n" +
        "a=rtcp-fb:121 nack pli\n" +
        "a=rtcp-fb:121 ccm fir\n" +
        "a=rtcp-fb:121 goog-remb\n" +
        "a=rtcp-fb:121 transport-cc\n" +
        "a=rtcp-fb:126 nack\n" +
        "a=rtcp-fb:126 nack pli\n" +
        "a=rtcp-fb:126 ccm fir\n" +
        "a=rtcp-fb:126 goog-remb\n" +
        "a=rtcp-fb:126 transport-cc\n" +
        "a=rtcp-fb:97 nack\n" +
        "a=rtcp-fb:97 nack pli\n" +
        "a=rtcp-fb:97 ccm fir\n" +
        "a=rtcp-fb:97 goog-remb\n" +
        "a=rtcp-fb:97 transport-cc\n" +
        "a=rtcp-mux\n" +
        "a=rtcp-rsize\n" +
        "a=rtpmap:120 VP8/90000\n" +
        "a=rtpmap:124 rtx/90000\n" +
        "a=rtpmap:121 VP9/90000\n" +
        "a=rtpmap:125 rtx/90000\n" +
        "a=rtpmap:126 H264/90000\n" +
        "a=rtpmap:127 rtx/90000\n" +
        "a=rtpmap:97 H264/90000\n" +
        "a=rtpmap:98 rtx/90000\n" +
        "a=setup:actpass\n" +
        "a=ssrc:3987564733 cname:{6b1d4a1e-0c64-4b7a-a4b8-1b5d2c9e3f70}\n" +
        "a=ssrc:1823095137 cname:{6b1d4a1e-0c64-4b7a-a4b8-1b5d2c9e3f70}\n" +
        "a=ssrc-group:FID 3987564733 1823095137\n" +
        "m=video 0 UDP/TLS/RTP/SAVPF 120\n" +
        "c=IN IP4 0.0.0.0\n" +
        "a=inactive\n" +
        "a=mid:2\n" +
        "a=rtpmap:120 VP8/90000\n";
}
