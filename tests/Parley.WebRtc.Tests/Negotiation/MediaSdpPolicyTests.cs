using Parley.Dtls;
using Parley.Sdp;
using Parley.WebRtc.Negotiation;

namespace Parley.WebRtc.Tests.Negotiation;

/// <summary>The media layer's answer policy, shared by the echo test and the SFU, and the negotiated data it exposes.</summary>
public sealed class MediaSdpPolicyTests : IAsyncLifetime
{
    private WebRtcServer? _server;

    public Task InitializeAsync()
    {
        _server = WebRtcTestFactory.StartServer();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _server!.DisposeAsync();

    [Fact]
    public void Opus_is_answered_with_in_band_fec_and_the_offered_dtx()
    {
        var negotiation = Answer(BrowserOffer());

        var audio = negotiation.FindSection("0")!;
        var opus = Assert.Single(audio.Codecs);
        Assert.True(opus.IsNamed("opus"));
        Assert.Equal(111, audio.PayloadType);
        Assert.Equal("1", opus.Parameters!.Get("useinbandfec"));
        Assert.Equal("1", opus.Parameters.Get("usedtx"));
        Assert.Equal("10", opus.Parameters.Get("minptime"));
    }

    [Fact]
    public void Video_keeps_vp8_vp9_profile_0_and_h264_mode_1_each_with_its_rtx()
    {
        var video = Answer(BrowserOffer()).FindSection("1")!;

        Assert.Equal([96, 98, 102], video.Codecs.Select(codec => codec.PayloadType));
        Assert.Equal([97, 99, 103], video.Codecs.Select(codec => codec.RtxPayloadType ?? -1));
        Assert.Equal(96, video.PayloadType);
        Assert.Equal(97, video.RtxPayloadType);
        Assert.Equal("VP9", video.FindCodec(99)!.Name); // an RTX payload type finds the codec it repairs
        Assert.Null(video.FindCodec(100)); // VP9 profile 2 is not accepted
        Assert.Null(video.FindCodec(104)); // H264 packetization-mode 0 is not accepted
        foreach (var codec in video.Codecs)
        {
            Assert.True(codec.HasFeedback("nack"));
            Assert.True(codec.HasFeedback("nack", "pli"));
            Assert.True(codec.HasFeedback("ccm", "fir"));
            Assert.True(codec.HasFeedback("goog-remb"));
            Assert.True(codec.HasFeedback("transport-cc"));
        }
    }

    [Fact]
    public void Header_extension_ids_are_exposed_per_section_with_the_offerers_numbers()
    {
        var negotiation = Answer(BrowserOffer());
        var audio = negotiation.FindSection("0")!;
        var video = negotiation.FindSection("1")!;

        Assert.Equal(1, audio.MidExtensionId);
        Assert.Equal(4, audio.AudioLevelExtensionId);
        Assert.Equal(5, audio.AbsSendTimeExtensionId);
        Assert.Equal(6, audio.TransportWideCcExtensionId);
        Assert.Equal(1, video.MidExtensionId);
        Assert.Equal(2, video.RidExtensionId);
        Assert.Equal(3, video.RepairedRidExtensionId);
        Assert.Equal(5, video.AbsSendTimeExtensionId);
        Assert.Equal(6, video.TransportWideCcExtensionId);
        Assert.Equal(7, video.VideoOrientationExtensionId);
        Assert.Null(video.ExtensionId("urn:ietf:params:rtp-hdrext:toffset")); // offered, not in the policy
    }

    [Fact]
    public void The_answer_carries_the_transports_credentials_fingerprint_and_candidates()
    {
        var transport = _server!.CreateTransport(WebRtcTestFactory.Settings("peer"));

        Assert.True(MediaSdpPolicy.Default.TryAnswer(SessionDescription.Parse(BrowserOffer()), transport, null, out var negotiation, out var error), error);

        var answer = negotiation.Sdp.Local;
        Assert.Equal(transport.LocalIce.UsernameFragment, answer.Media[0].IceUfrag);
        Assert.Equal(transport.LocalFingerprint, answer.Media[0].Fingerprints.Single());
        Assert.Contains(answer.Media[0].Candidates, candidate => candidate.Port == _server.Port);
        Assert.Equal(negotiation.LocalDescription, answer.ToString());
    }

    [Fact]
    public void An_offer_with_nothing_acceptable_is_refused_with_a_reason()
    {
        var transport = _server!.CreateTransport(WebRtcTestFactory.Settings("peer"));
        var section = new OfferMediaSection("0", MediaDescription.Audio) { Direction = MediaDirection.SendRecv };
        section.Codecs.Add(new OfferCodec(0, "PCMU", 8000));
        var offer = SdpOfferBuilder.Build(new SdpOfferOptions(PeerTransport()), [section]);

        Assert.False(MediaSdpPolicy.Default.TryAnswer(offer, transport, null, out var negotiation, out var error));
        Assert.Null(negotiation);
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void Server_offers_use_the_policys_codecs_and_fixed_numbers()
    {
        var audio = MediaSdpPolicy.CreateOfferSection("a", MediaDescription.Audio, MediaDirection.SendOnly);
        var video = MediaSdpPolicy.CreateOfferSection("v", MediaDescription.Video, MediaDirection.SendOnly);

        Assert.Equal([MediaSdpPolicy.OpusPayloadType], audio.Codecs.Select(codec => codec.PayloadType));
        Assert.Equal(
            [(MediaSdpPolicy.Vp8PayloadType, MediaSdpPolicy.Vp8RtxPayloadType), (MediaSdpPolicy.Vp9PayloadType, MediaSdpPolicy.Vp9RtxPayloadType), (MediaSdpPolicy.H264PayloadType, MediaSdpPolicy.H264RtxPayloadType)],
            video.Codecs.Select(codec => (codec.PayloadType, codec.RtxPayloadType ?? -1)));
        Assert.Contains(audio.HeaderExtensions, extension => extension.Uri == RtpHeaderExtensionUris.AudioLevel);
        Assert.Contains(video.HeaderExtensions, extension => extension.Uri == RtpHeaderExtensionUris.VideoOrientation);
        var offer = SdpOfferBuilder.Build(new SdpOfferOptions(PeerTransport()), [audio, video]);
        Assert.Equal(2, offer.Media.Count);
    }

    private MediaNegotiation Answer(string offerText)
    {
        var transport = _server!.CreateTransport(WebRtcTestFactory.Settings("peer"));
        Assert.True(MediaSdpPolicy.Default.TryAnswer(SessionDescription.Parse(offerText), transport, null, out var negotiation, out var error), error);
        return negotiation;
    }

    /// <summary>What a browser offers: opus with DTX, VP8/VP9 (profiles 0 and 2)/H264 (modes 1 and 0) with RTX, every extension.</summary>
    private static string BrowserOffer()
    {
        var audio = new OfferMediaSection("0", MediaDescription.Audio) { Direction = MediaDirection.SendRecv };
        audio.Codecs.Add(new OfferCodec(111, "opus", 48000, 2)
        {
            Parameters = new([new("minptime", "10"), new("usedtx", "1")]),
            Feedback = new(["transport-cc"]),
        });
        audio.HeaderExtensions.Add(new Extmap(1, RtpHeaderExtensionUris.Mid));
        audio.HeaderExtensions.Add(new Extmap(4, RtpHeaderExtensionUris.AudioLevel));
        audio.HeaderExtensions.Add(new Extmap(5, RtpHeaderExtensionUris.AbsSendTime));
        audio.HeaderExtensions.Add(new Extmap(6, RtpHeaderExtensionUris.TransportWideCc));

        string[] feedback = ["goog-remb", "transport-cc", "ccm fir", "nack", "nack pli"];
        var video = new OfferMediaSection("1", MediaDescription.Video) { Direction = MediaDirection.SendRecv };
        video.Codecs.Add(OfferCodec.Vp8(96, 97));
        video.Codecs.Add(new OfferCodec(98, "VP9", 90000) { Parameters = new([new("profile-id", "0")]), Feedback = new(feedback), RtxPayloadType = 99 });
        video.Codecs.Add(new OfferCodec(100, "VP9", 90000) { Parameters = new([new("profile-id", "2")]), Feedback = new(feedback), RtxPayloadType = 101 });
        video.Codecs.Add(OfferCodec.H264(102, 103));
        video.Codecs.Add(new OfferCodec(104, "H264", 90000)
        {
            Parameters = new([new("packetization-mode", "0"), new("profile-level-id", "42e01f")]),
            Feedback = new(feedback),
            RtxPayloadType = 105,
        });
        video.HeaderExtensions.Add(new Extmap(1, RtpHeaderExtensionUris.Mid));
        video.HeaderExtensions.Add(new Extmap(2, RtpHeaderExtensionUris.Rid));
        video.HeaderExtensions.Add(new Extmap(3, RtpHeaderExtensionUris.RepairedRid));
        video.HeaderExtensions.Add(new Extmap(5, RtpHeaderExtensionUris.AbsSendTime));
        video.HeaderExtensions.Add(new Extmap(6, RtpHeaderExtensionUris.TransportWideCc));
        video.HeaderExtensions.Add(new Extmap(7, RtpHeaderExtensionUris.VideoOrientation));
        video.HeaderExtensions.Add(new Extmap(8, "urn:ietf:params:rtp-hdrext:toffset"));

        return SdpOfferBuilder.Build(new SdpOfferOptions(PeerTransport()), [audio, video]).ToString();
    }

    private static LocalTransportParameters PeerTransport()
    {
        var transport = new LocalTransportParameters("brws", "browserpasswordbrowser12", DtlsCertificate.Generate("browser").Fingerprint) { IceLite = false };
        transport.Candidates.Add(IceCandidate.Host("1", "127.0.0.1", 50000));
        return transport;
    }
}
