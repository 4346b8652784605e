namespace Parley.Sdp.Tests;

/// <summary>
/// A unified-plan offer in the shape Chromium 12x writes for getUserMedia audio + simulcast video (3 rids) +
/// a data channel, after ICE gathering: opus/red/G722/PCMU/PCMA, VP8/VP9/H264 (two profiles) each with rtx,
/// plus red/ulpfec, the usual header extensions, two host candidates and one srflx.
/// </summary>
internal static class ChromiumOffer
{
    public const string Text =
        "v=0\r\n" +
        "o=- 4611731400430051336 2 IN IP4 127.0.0.1\r\n" +
        "s=-\r\n" +
        "t=0 0\r\n" +
        "a=group:BUNDLE 0 1 2\r\n" +
        "a=extmap-allow-mixed\r\n" +
        "a=msid-semantic: WMS 5yLbNmsLNMx3Sh9OKHG3KCT1J0YQfqTGnaoE\r\n" +
        "m=audio 50617 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126\r\n" +
        "c=IN IP4 203.0.113.7\r\n" +
        "a=rtcp:9 IN IP4 0.0.0.0\r\n" +
        "a=candidate:3577411587 1 udp 2122260223 192.168.1.20 50617 typ host generation 0 network-id 1 network-cost 10\r\n" +
        "a=candidate:1248112413 1 udp 2122194687 10.8.0.3 54212 typ host generation 0 network-id 2 network-cost 50\r\n" +
        "a=candidate:842163049 1 udp 1686052607 203.0.113.7 50617 typ srflx raddr 192.168.1.20 rport 50617 generation 0 network-id 1 network-cost 10\r\n" +
        "a=candidate:2545633203 1 tcp 1518280447 192.168.1.20 9 typ host tcptype active generation 0 network-id 1 network-cost 10\r\n" +
        "a=ice-ufrag:eGd1\r\n" +
        "a=ice-pwd:Y6qUq8Rwqt1bBMrkGCBbw1Bj\r\n" +
        "a=ice-options:trickle\r\n" +
        "a=fingerprint:sha-256 6B:8B:F0:65:5F:78:E2:51:3B:AC:6F:F3:3F:46:1B:35:DC:B8:5F:64:1A:24:C2:43:F0:A1:58:D0:A1:2C:19:08\r\n" +
        "a=setup:actpass\r\n" +
        "a=mid:0\r\n" +
        "a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level\r\n" +
        "a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time\r\n" +
        "a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01\r\n" +
        "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid\r\n" +
        "a=sendrecv\r\n" +
        "a=msid:5yLbNmsLNMx3Sh9OKHG3KCT1J0YQfqTGnaoE 5b8d2bd7-2a50-4f55-9e9d-9d2f4e9c2a11\r\n" +
        "a=rtcp-mux\r\n" +
        "a=rtcp-rsize\r\n" +
        "a=rtpmap:111 opus/48000/2\r\n" +
        "a=rtcp-fb:111 transport-cc\r\n" +
        "a=fmtp:111 minptime=10;useinbandfec=1\r\n" +
        "a=rtpmap:63 red/48000/2\r\n" +
        "a=fmtp:63 111/111\r\n" +
        "a=rtpmap:9 G722/8000\r\n" +
        "a=rtpmap:0 PCMU/8000\r\n" +
        "a=rtpmap:8 PCMA/8000\r\n" +
        "a=rtpmap:13 CN/8000\r\n" +
        "a=rtpmap:110 telephone-event/48000\r\n" +
        "a=rtpmap:126 telephone-event/8000\r\n" +
        "a=ssrc:1001399235 cname:Fs0oDS3bmpGbBnRk\r\n" +
        "a=ssrc:1001399235 msid:5yLbNmsLNMx3Sh9OKHG3KCT1J0YQfqTGnaoE 5b8d2bd7-2a50-4f55-9e9d-9d2f4e9c2a11\r\n" +
        "m=video 9 UDP/TLS/RTP/SAVPF 96 97 98 99 100 101 127 125 35 36 114 115 116\r\n" +
        "c=IN IP4 0.0.0.0\r\n" +
        "a=rtcp:9 IN IP4 0.0.0.0\r\n" +
        "a=ice-ufrag:eGd1\r\n" +
        "a=ice-pwd:Y6qUq8Rwqt1bBMrkGCBbw1Bj\r\n" +
        "a=ice-options:trickle\r\n" +
        "a=fingerprint:sha-256 6B:8B:F0:65:5F:78:E2:51:3B:AC:6F:F3:3F:46:1B:35:DC:B8:5F:64:1A:24:C2:43:F0:A1:58:D0:A1:2C:19:08\r\n" +
        "a=setup:actpass\r\n" +
        "a=mid:1\r\n" +
        "a=extmap:14 urn:ietf:params:rtp-hdrext:toffset\r\n" +
        "a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time\r\n" +
        "a=extmap:13 urn:3gpp:video-orientation\r\n" +
        "a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01\r\n" +
        "a=extmap:5 http://www.webrtc.org/experiments/rtp-hdrext/playout-delay\r\n" +
        "a=extmap:6 http://www.webrtc.org/experiments/rtp-hdrext/video-content-type\r\n" +
        "a=extmap:7 http://www.webrtc.org/experiments/rtp-hdrext/video-timing\r\n" +
        "a=extmap:8 http://www.webrtc.org/experiments/rtp-hdrext/color-space\r\n" +
        "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid\r\n" +
        "a=extmap:10 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id\r\n" +
        "a=extmap:11 urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id\r\n" +
        "a=sendrecv\r\n" +
        "a=msid:5yLbNmsLNMx3Sh9OKHG3KCT1J0YQfqTGnaoE 0c6c2d3e-7a40-4f5b-8bcb-7b3c7e1f9d22\r\n" +
        "a=rtcp-mux\r\n" +
        "a=rtcp-rsize\r\n" +
        "a=rtpmap:96 VP8/90000\r\n" +
        "a=rtcp-fb:96 goog-remb\r\n" +
        "a=rtcp-fb:96 transport-cc\r\n" +
        "a=rtcp-fb:96 ccm fir\r\n" +
        "a=rtcp-fb:96 nack\r\n" +
        "a=rtcp-fb:96 nack pli\r\n" +
        "a=rtpmap:97 rtx/90000\r\n" +
        "a=fmtp:97 apt=96\r\n" +
        "a=rtpmap:98 VP9/90000\r\n" +
        "a=rtcp-fb:98 goog-remb\r\n" +
        "a=rtcp-fb:98 transport-cc\r\n" +
        "a=rtcp-fb:98 ccm fir\r\n" +
        "a=rtcp-fb:98 nack\r\n" +
        "a=rtcp-fb:98 nack pli\r\n" +
        "a=fmtp:98 profile-id=0\r\n" +
        "a=rtpmap:99 rtx/90000\r\n" +
        "a=fmtp:99 apt=98\r\n" +
        "a=rtpmap:100 H264/90000\r\n" +
        "a=rtcp-fb:100 goog-remb\r\n" +
        "a=rtcp-fb:100 transport-cc\r\n" +
        "a=rtcp-fb:100 ccm fir\r\n" +
        "a=rtcp-fb:100 nack\r\n" +
        "a=rtcp-fb:100 nack pli\r\n" +
        "a=fmtp:100 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f\r\n" +
        "a=rtpmap:101 rtx/90000\r\n" +
        "a=fmtp:101 apt=100\r\n" +
        "a=rtpmap:127 H264/90000\r\n" +
        "a=rtcp-fb:127 goog-remb\r\n" +
        "a=rtcp-fb:127 transport-cc\r\n" +
        "a=rtcp-fb:127 ccm fir\r\n" +
        "a=rtcp-fb:127 nack\r\n" +
        "a=rtcp-fb:127 nack pli\r\n" +
        "a=fmtp:127 level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=42e01f\r\n" +
        "a=rtpmap:125 rtx/90000\r\n" +
        "a=fmtp:125 apt=127\r\n" +
        "a=rtpmap:35 H264/90000\r\n" +
        "a=rtcp-fb:35 goog-remb\r\n" +
        "a=rtcp-fb:35 transport-cc\r\n" +
        "a=rtcp-fb:35 ccm fir\r\n" +
        "a=rtcp-fb:35 nack\r\n" +
        "a=rtcp-fb:35 nack pli\r\n" +
        "a=fmtp:35 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=640032\r\n" +
        "a=rtpmap:36 rtx/90000\r\n" +
        "a=fmtp:36 apt=35\r\n" +
        "a=rtpmap:114 red/90000\r\n" +
        "a=rtpmap:115 rtx/90000\r\n" +
        "a=fmtp:115 apt=114\r\n" +
        "a=rtpmap:116 ulpfec/90000\r\n" +
        "a=rid:h send\r\n" +
        "a=rid:m send max-width=640;max-height=360\r\n" +
        "a=rid:l send pt=96,100;max-width=320\r\n" +
        "a=simulcast:send h;m;~l\r\n" +
        "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n" +
        "c=IN IP4 0.0.0.0\r\n" +
        "a=ice-ufrag:eGd1\r\n" +
        "a=ice-pwd:Y6qUq8Rwqt1bBMrkGCBbw1Bj\r\n" +
        "a=ice-options:trickle\r\n" +
        "a=fingerprint:sha-256 6B:8B:F0:65:5F:78:E2:51:3B:AC:6F:F3:3F:46:1B:35:DC:B8:5F:64:1A:24:C2:43:F0:A1:58:D0:A1:2C:19:08\r\n" +
        "a=setup:actpass\r\n" +
        "a=mid:2\r\n" +
        "a=sctp-port:5000\r\n" +
        "a=max-message-size:262144\r\n";
}
