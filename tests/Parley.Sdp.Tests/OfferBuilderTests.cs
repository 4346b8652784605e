namespace Parley.Sdp.Tests;

public class OfferBuilderTests
{
    private static SessionDescription SubscriberOffer(Action<SdpOfferOptions>? configure = null)
    {
        var options = new SdpOfferOptions(ServerParameters.Transport()) { SessionId = 42, SessionVersion = 3 };
        configure?.Invoke(options);
        var audio = new OfferMediaSection("a0", MediaDescription.Audio)
        {
            Stream = new LocalMediaStream("alice", "alice-mic", 5001, "sfu"),
        };
        audio.Codecs.Add(OfferCodec.Opus());
        audio.HeaderExtensions.Add(new Extmap(4, "urn:ietf:params:rtp-hdrext:sdes:mid"));
        var video = new OfferMediaSection("v0", MediaDescription.Video)
        {
            Stream = new LocalMediaStream("alice", "alice-cam", 6001, "sfu", 6002),
        };
        video.Codecs.Add(OfferCodec.Vp8());
        video.Codecs.Add(OfferCodec.H264());
        video.HeaderExtensions.Add(new Extmap(4, "urn:ietf:params:rtp-hdrext:sdes:mid"));
        video.HeaderExtensions.Add(new Extmap(3, "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01"));
        return SdpOfferBuilder.Build(options, [audio, video]);
    }

    [Fact]
    public void A_subscriber_offer_has_sendonly_sections_with_msid_ssrc_and_codecs()
    {
        var offer = SubscriberOffer();

        Assert.Equal(42UL, offer.Origin.SessionId);
        Assert.Equal(3UL, offer.Origin.SessionVersion);
        Assert.True(offer.IsIceLite);
        Assert.Equal(["a0", "v0"], offer.BundleGroup!.Mids);
        var video = offer.Media[1];
        Assert.Equal("v0", video.Mid);
        Assert.Equal(MediaDirection.SendOnly, video.Direction);
        Assert.Equal(SetupRole.ActPass, video.Setup);
        Assert.Equal(ServerParameters.Fingerprint, video.Fingerprints.Single());
        Assert.Equal(ServerParameters.Ufrag, video.IceUfrag);
        Assert.True(video.IsRtcpMux);
        Assert.Equal(new Msid("alice", "alice-cam"), video.Msids.Single());
        Assert.Equal(SsrcGroup.Create("FID", 6001, 6002), video.SsrcGroups.Single());
        Assert.Contains(new SsrcAttribute(6001, "cname", "sfu"), video.SsrcAttributes);
        Assert.Equal([96, 97, 102, 103], video.PayloadTypes);
        Assert.Equal(96, video.GetFmtp(97)!.AssociatedPayloadType);
        Assert.Equal("42e01f", video.GetFmtp(102)!.Get("profile-level-id"));
        Assert.Contains(new RtcpFeedback(96, "nack", "pli"), video.RtcpFeedbacks);
        Assert.Equal(2, video.Extmaps.Count());
        Assert.NotEmpty(video.Candidates);
        Assert.True(video.HasEndOfCandidates);
    }

    [Fact]
    public void The_offer_parses_back_to_the_same_text()
    {
        var text = SubscriberOffer().ToString();

        Assert.True(SessionDescription.TryParse(text, out var parsed, out var error), error);
        Assert.Equal(text, parsed!.ToString());
    }

    [Fact]
    public void A_stopped_section_has_port_zero_and_leaves_the_bundle_group()
    {
        var options = new SdpOfferOptions(ServerParameters.Transport());
        var live = new OfferMediaSection("0", MediaDescription.Audio);
        live.Codecs.Add(OfferCodec.Opus());
        var stopped = new OfferMediaSection("1", MediaDescription.Video) { Stopped = true };
        stopped.Codecs.Add(OfferCodec.Vp8());

        var offer = SdpOfferBuilder.Build(options, [live, stopped]);

        Assert.True(offer.Media[1].IsRejected);
        Assert.Equal("1", offer.Media[1].Mid);
        Assert.Equal(["0"], offer.BundleGroup!.Mids);
    }

    [Fact]
    public void A_data_channel_section_can_be_offered()
    {
        var options = new SdpOfferOptions(ServerParameters.Transport());
        var offer = SdpOfferBuilder.Build(options, [new OfferMediaSection("d", MediaDescription.Application)]);

        Assert.Equal(MediaDescription.SctpProtocol, offer.Media[0].Protocol);
        Assert.Equal(5000, offer.Media[0].SctpPort);
    }

    [Fact]
    public void Inconsistent_sections_are_refused_with_argument_exceptions()
    {
        var options = new SdpOfferOptions(ServerParameters.Transport());
        var noCodec = new OfferMediaSection("0", MediaDescription.Audio);
        Assert.Throws<ArgumentException>(() => SdpOfferBuilder.Build(options, [noCodec]));

        var clash = new OfferMediaSection("0", MediaDescription.Video);
        clash.Codecs.Add(OfferCodec.Vp8(96, 97));
        clash.Codecs.Add(OfferCodec.H264(97, 98));
        Assert.Throws<ArgumentException>(() => SdpOfferBuilder.Build(options, [clash]));

        var first = new OfferMediaSection("same", MediaDescription.Audio);
        first.Codecs.Add(OfferCodec.Opus());
        var second = new OfferMediaSection("same", MediaDescription.Audio);
        second.Codecs.Add(OfferCodec.Opus());
        Assert.Throws<ArgumentException>(() => SdpOfferBuilder.Build(options, [first, second]));
        Assert.Throws<ArgumentException>(() => new OfferMediaSection("has space", MediaDescription.Audio));
    }

    [Fact]
    public void The_subscribers_answer_is_read_into_a_negotiation()
    {
        var offer = SubscriberOffer();
        var answer = SessionDescription.Parse(ChromiumSubscriberAnswer.Text);

        Assert.True(SdpOfferBuilder.TryReadAnswer(offer, answer, out var negotiation, out var error), error);
        Assert.Equal("Zx9q", negotiation!.RemoteTransport.IceUfrag);
        Assert.Equal(SetupRole.Active, negotiation.RemoteTransport.Setup);
        Assert.False(negotiation.IsDtlsClient);
        Assert.Equal(["a0", "v0"], negotiation.BundleMids);
        var video = negotiation.FindSection("v0")!;
        Assert.True(video.Accepted);
        Assert.Equal(MediaDirection.SendOnly, video.Direction);
        Assert.Equal(["VP8"], video.Codecs.Select(c => c.Name));
        Assert.Equal(97, video.Codecs[0].RtxPayloadType);
        Assert.Equal(3, video.GetHeaderExtensionId("http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01"));
        Assert.Equal(MediaDirection.SendOnly, negotiation.FindSection("a0")!.Direction);
    }

    [Fact]
    public void An_answer_that_does_not_match_the_offer_is_refused()
    {
        var offer = SubscriberOffer();
        var swapped = SessionDescription.Parse(ChromiumSubscriberAnswer.Text.Replace("a=mid:v0", "a=mid:zz", StringComparison.Ordinal));
        var actpass = SessionDescription.Parse(ChromiumSubscriberAnswer.Text.Replace("a=setup:active", "a=setup:actpass", StringComparison.Ordinal));
        var shorter = SessionDescription.Parse(ChromiumSubscriberAnswer.Text[..ChromiumSubscriberAnswer.Text.IndexOf("m=video", StringComparison.Ordinal)]);

        Assert.False(SdpOfferBuilder.TryReadAnswer(offer, swapped, out _, out var midError));
        Assert.Contains("does not match", midError, StringComparison.Ordinal);
        Assert.False(SdpOfferBuilder.TryReadAnswer(offer, actpass, out _, out var setupError));
        Assert.Contains("actpass", setupError, StringComparison.Ordinal);
        Assert.False(SdpOfferBuilder.TryReadAnswer(offer, shorter, out _, out var countError));
        Assert.Contains("m= sections", countError, StringComparison.Ordinal);
    }

    [Fact]
    public void Our_own_answer_builder_can_answer_our_offer()
    {
        // A loopback check of both builders: the server's offer, answered by the server's answer builder.
        var offer = SubscriberOffer();
        var options = ServerParameters.EchoOptions();
        options.DirectionPolicy = AnswerDirectionPolicies.ReceiveOnly;

        Assert.True(SdpAnswerBuilder.TryBuild(offer, options, out var answered, out var error), error);
        Assert.Equal(MediaDirection.RecvOnly, answered!.Local.Media[1].Direction);
        Assert.Equal([96, 97, 102, 103], answered.Local.Media[1].PayloadTypes);
        Assert.True(SdpOfferBuilder.TryReadAnswer(offer, answered.Local, out var negotiation, out error), error);
        Assert.Equal(MediaDirection.SendOnly, negotiation!.Sections[1].Direction);
        Assert.True(negotiation.RemoteTransport.IceLite);
    }
}
