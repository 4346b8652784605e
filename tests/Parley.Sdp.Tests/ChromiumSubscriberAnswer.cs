namespace Parley.Sdp.Tests;

/// <summary>
/// What Chromium answers to <see cref="OfferBuilderTests"/>' two-section offer: recvonly audio and video with its
/// own credentials, DTLS active, the codecs it kept (opus, VP8 + rtx; it dropped H264 here), and the BUNDLE group.
/// </summary>
internal static class ChromiumSubscriberAnswer
{
    public const string Text =
        "v=0\r\n" +
        "o=- 2870125623513826491 2 IN IP4 127.0.0.1\r\n" +
        "s=-\r\n" +
        "t=0 0\r\n" +
        "a=group:BUNDLE a0 v0\r\n" +
        "a=msid-semantic: WMS\r\n" +
        "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\n" +
        "c=IN IP4 0.0.0.0\r\n" +
        "a=rtcp:9 IN IP4 0.0.0.0\r\n" +
        "a=ice-ufrag:Zx9q\r\n" +
        "a=ice-pwd:h7Yv0aQp3LkM9sTf2WbN8cRe\r\n" +
        "a=ice-options:trickle\r\n" +
        "a=fingerprint:sha-256 1F:2E:3D:4C:5B:6A:79:88:97:A6:B5:C4:D3:E2:F1:00:1F:2E:3D:4C:5B:6A:79:88:97:A6:B5:C4:D3:E2:F1:00\r\n" +
        "a=setup:active\r\n" +
        "a=mid:a0\r\n" +
        "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid\r\n" +
        "a=recvonly\r\n" +
        "a=rtcp-mux\r\n" +
        "a=rtcp-rsize\r\n" +
        "a=rtpmap:111 opus/48000/2\r\n" +
        "a=rtcp-fb:111 transport-cc\r\n" +
        "a=fmtp:111 minptime=10;useinbandfec=1\r\n" +
        "m=video 9 UDP/TLS/RTP/SAVPF 96 97\r\n" +
        "c=IN IP4 0.0.0.0\r\n" +
        "a=rtcp:9 IN IP4 0.0.0.0\r\n" +
        "a=ice-ufrag:Zx9q\r\n" +
        "a=ice-pwd:h7Yv0aQp3LkM9sTf2WbN8cRe\r\n" +
        "a=ice-options:trickle\r\n" +
        "a=fingerprint:sha-256 1F:2E:3D:4C:5B:6A:79:88:97:A6:B5:C4:D3:E2:F1:00:1F:2E:3D:4C:5B:6A:79:88:97:A6:B5:C4:D3:E2:F1:00\r\n" +
        "a=setup:active\r\n" +
        "a=mid:v0\r\n" +
        "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid\r\n" +
        "a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01\r\n" +
        "a=recvonly\r\n" +
        "a=rtcp-mux\r\n" +
        "a=rtcp-rsize\r\n" +
        "a=rtpmap:96 VP8/90000\r\n" +
        "a=rtcp-fb:96 goog-remb\r\n" +
        "a=rtcp-fb:96 transport-cc\r\n" +
        "a=rtcp-fb:96 ccm fir\r\n" +
        "a=rtcp-fb:96 nack\r\n" +
        "a=rtcp-fb:96 nack pli\r\n" +
        "a=rtpmap:97 rtx/90000\r\n" +
        "a=fmtp:97 apt=96\r\n";
}
