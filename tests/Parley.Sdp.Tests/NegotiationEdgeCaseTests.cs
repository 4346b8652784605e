namespace Parley.Sdp.Tests;

public class NegotiationEdgeCaseTests
{
    [Fact]
    public void An_offer_without_bundle_gets_no_group_and_candidates_in_every_accepted_section()
    {
        var offer = ChromiumOffer.Text.Replace("a=group:BUNDLE 0 1 2\r\n", string.Empty, StringComparison.Ordinal);
        var negotiation = ServerParameters.Answer(offer, ServerParameters.EchoOptions());

        Assert.Null(negotiation.Local.BundleGroup);
        Assert.Empty(negotiation.BundleMids);
        Assert.NotEmpty(negotiation.Local.Media[0].Candidates);
        Assert.NotEmpty(negotiation.Local.Media[1].Candidates);
    }

    [Fact]
    public void A_section_outside_the_offered_bundle_group_is_rejected()
    {
        var offer = ChromiumOffer.Text.Replace("a=group:BUNDLE 0 1 2", "a=group:BUNDLE 0 2", StringComparison.Ordinal);
        var negotiation = ServerParameters.Answer(offer, ServerParameters.EchoOptions());

        Assert.False(negotiation.Sections[1].Accepted);
        Assert.Contains("BUNDLE", negotiation.Sections[1].RejectionReason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("42e01f", "1", true)]
    [InlineData("42E034", "1", true)]   // same profile, higher level: level is negotiated asymmetrically
    [InlineData("42001f", "1", false)]  // baseline without constraint flags is another profile
    [InlineData("640032", "1", false)]  // high profile
    [InlineData("42e01f", "0", false)]  // single NAL unit mode
    public void H264_matches_on_profile_and_packetization_mode(string profileLevelId, string packetizationMode, bool accepted)
    {
        var map = new RtpMap(100, "H264", 90000);
        var fmtp = Fmtp.Create(100, ("packetization-mode", packetizationMode), ("profile-level-id", profileLevelId));

        Assert.Equal(accepted, CodecCapability.H264ConstrainedBaseline.Matches(MediaDescription.Video, map, fmtp));
    }

    [Fact]
    public void H264_without_fmtp_defaults_to_mode_zero_and_is_not_accepted()
    {
        Assert.False(CodecCapability.H264ConstrainedBaseline.Matches(MediaDescription.Video, new RtpMap(100, "H264", 90000), null));
    }

    [Fact]
    public void Codec_names_match_case_insensitively_and_channel_counts_must_agree()
    {
        Assert.True(CodecCapability.Vp8.Matches(MediaDescription.Video, new RtpMap(96, "vp8", 90000), null));
        Assert.False(CodecCapability.Vp8.Matches(MediaDescription.Audio, new RtpMap(96, "VP8", 90000), null));
        Assert.False(CodecCapability.Opus.Matches(MediaDescription.Audio, new RtpMap(111, "opus", 48000, 1), null));
        Assert.False(CodecCapability.Opus.Matches(MediaDescription.Audio, new RtpMap(111, "opus", 16000, 2), null));
    }

    [Theory]
    [InlineData(MediaDirection.SendRecv, MediaDirection.SendRecv, MediaDirection.SendRecv)]
    [InlineData(MediaDirection.SendOnly, MediaDirection.SendRecv, MediaDirection.RecvOnly)]
    [InlineData(MediaDirection.RecvOnly, MediaDirection.SendRecv, MediaDirection.SendOnly)]
    [InlineData(MediaDirection.Inactive, MediaDirection.SendRecv, MediaDirection.Inactive)]
    [InlineData(MediaDirection.SendRecv, MediaDirection.RecvOnly, MediaDirection.RecvOnly)]
    [InlineData(MediaDirection.RecvOnly, MediaDirection.RecvOnly, MediaDirection.Inactive)]
    [InlineData(MediaDirection.SendOnly, MediaDirection.SendOnly, MediaDirection.Inactive)]
    public void The_answer_direction_is_what_the_policy_wants_within_what_the_offer_allows(
        MediaDirection offered, MediaDirection wanted, MediaDirection expected)
    {
        Assert.Equal(expected, MediaDirections.Answer(offered, wanted));
    }

    [Fact]
    public void An_inactive_offered_section_is_answered_inactive_without_simulcast()
    {
        var offer = ChromiumOffer.Text.Replace(
            "a=sendrecv\r\na=msid:5yLbNmsLNMx3Sh9OKHG3KCT1J0YQfqTGnaoE 0c6c", "a=inactive\r\na=msid:5yLbNmsLNMx3Sh9OKHG3KCT1J0YQfqTGnaoE 0c6c", StringComparison.Ordinal);
        var negotiation = ServerParameters.Answer(offer, ServerParameters.EchoOptions());

        Assert.Equal(MediaDirection.Inactive, negotiation.Local.Media[1].Direction);
        Assert.Null(negotiation.Local.Media[1].Simulcast);
        Assert.Empty(negotiation.Sections[1].RemoteSendRids);
    }

    [Fact]
    public void Extmap_ids_above_14_need_two_byte_header_support()
    {
        var offer = ChromiumOffer.Text.Replace("a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid", "a=extmap:16 urn:ietf:params:rtp-hdrext:sdes:mid", StringComparison.Ordinal);
        var oneByte = ServerParameters.Answer(offer, ServerParameters.EchoOptions());
        var options = ServerParameters.EchoOptions();
        options.TwoByteHeaderExtensions = true;
        var twoByte = ServerParameters.Answer(offer, options);

        Assert.Null(oneByte.Sections[0].GetHeaderExtensionId("urn:ietf:params:rtp-hdrext:sdes:mid"));
        Assert.False(oneByte.Local.Attributes.Contains(SdpAttributeNames.ExtmapAllowMixed));
        Assert.Equal(16, twoByte.Sections[0].GetHeaderExtensionId("urn:ietf:params:rtp-hdrext:sdes:mid"));
        Assert.True(twoByte.Local.Attributes.Contains(SdpAttributeNames.ExtmapAllowMixed));
    }

    [Fact]
    public void Session_level_direction_applies_when_a_section_has_none()
    {
        var offer = SessionDescription.Parse(FirefoxOffer.Text.Replace("a=sendrecv\n", string.Empty, StringComparison.Ordinal)
            .Replace("a=ice-options:trickle\n", "a=ice-options:trickle\na=sendonly\n", StringComparison.Ordinal));

        Assert.Null(offer.Media[0].Direction);
        Assert.Equal(MediaDirection.SendOnly, offer.GetDirection(offer.Media[0]));
        Assert.True(SdpAnswerBuilder.TryBuild(offer, ServerParameters.EchoOptions(), out var negotiation, out var error), error);
        Assert.Equal(MediaDirection.RecvOnly, negotiation!.Local.Media[0].Direction);
    }

    [Fact]
    public void A_directional_extmap_is_answered_with_the_mirror_direction()
    {
        var options = ServerParameters.EchoOptions();
        options.HeaderExtensions.Add("http://www.webrtc.org/experiments/rtp-hdrext/playout-delay");
        var negotiation = ServerParameters.Answer(FirefoxOffer.Text, options);

        Assert.Contains(
            new Extmap(6, "http://www.webrtc.org/experiments/rtp-hdrext/playout-delay", MediaDirection.SendOnly),
            negotiation.Local.Media[1].Extmaps);
    }

    [Fact]
    public void Simulcast_is_not_echoed_when_the_rid_header_extension_is_not_supported()
    {
        var options = ServerParameters.EchoOptions();
        options.HeaderExtensions.Remove(SdpAnswerBuilder.RtpStreamIdUri);
        var negotiation = ServerParameters.Answer(ChromiumOffer.Text, options);

        Assert.Null(negotiation.Local.Media[1].Simulcast);
        Assert.Empty(negotiation.Local.Media[1].Rids);
        Assert.Empty(negotiation.Sections[1].RemoteSendRids);
        Assert.True(negotiation.Sections[1].Accepted);
    }
}
