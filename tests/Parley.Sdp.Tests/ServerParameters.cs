using Parley.Dtls;
namespace Parley.Sdp.Tests;

/// <summary>The local parameters of a test ICE-lite server: one host candidate, opus + VP8 + H264 CB with rtx.</summary>
internal static class ServerParameters
{
    public const string Ufrag = "srv1";
    public const string Pwd = "ServerPasswordOf24Chars0";

    public static readonly DtlsFingerprint Fingerprint = DtlsFingerprint.FromDigest(
        "sha-256", Enumerable.Range(0, 32).Select(i => (byte)(i * 7)).ToArray());

    public static LocalTransportParameters Transport()
    {
        var transport = new LocalTransportParameters(Ufrag, Pwd, Fingerprint);
        transport.Candidates.Add(IceCandidate.Host("1", "198.51.100.10", 40000));
        return transport;
    }

    public static SdpAnswerOptions EchoOptions()
    {
        var options = new SdpAnswerOptions(Transport()) { SessionId = 777, SessionVersion = 1 };
        options.Codecs.Add(CodecCapability.Opus);
        options.Codecs.Add(CodecCapability.Vp8);
        options.Codecs.Add(CodecCapability.H264ConstrainedBaseline);
        options.Codecs.Add(CodecCapability.VideoRtx);
        options.HeaderExtensions.Add("urn:ietf:params:rtp-hdrext:sdes:mid");
        options.HeaderExtensions.Add("urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id");
        options.HeaderExtensions.Add("urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id");
        options.HeaderExtensions.Add("urn:ietf:params:rtp-hdrext:ssrc-audio-level");
        options.HeaderExtensions.Add("http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01");
        return options;
    }

    public static SdpNegotiation Answer(string offerText, SdpAnswerOptions options)
    {
        var offer = SessionDescription.Parse(offerText);
        Assert.True(SdpAnswerBuilder.TryBuild(offer, options, out var negotiation, out var error), error);
        return negotiation!;
    }
}
