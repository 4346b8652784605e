namespace Parley.Sdp.Tests;

public class ParsingBrowserOffersTests
{
    [Fact]
    public void A_chromium_offer_parses_into_its_session_and_media_sections()
    {
        Assert.True(SessionDescription.TryParse(ChromiumOffer.Text, out var offer, out var error), error);

        Assert.Equal(0, offer!.Version);
        Assert.Equal(4611731400430051336UL, offer.Origin.SessionId);
        Assert.Equal(2UL, offer.Origin.SessionVersion);
        Assert.Equal("-", offer.SessionName);
        Assert.Equal(["0", "1", "2"], offer.BundleGroup!.Mids);
        Assert.Equal(["audio", "video", "application"], offer.Media.Select(m => m.Media));
        Assert.Equal(["0", "1", "2"], offer.Media.Select(m => m.Mid));
        Assert.Equal(50617, offer.Media[0].Port);
        Assert.Equal(MediaDescription.RtpProtocol, offer.Media[0].Protocol);
        Assert.Equal([111, 63, 9, 0, 8, 13, 110, 126], offer.Media[0].PayloadTypes);
        Assert.Equal(MediaDirection.SendRecv, offer.Media[1].Direction);
        Assert.True(offer.Media[0].IsRtcpMux);
        Assert.True(offer.Media[0].IsRtcpRsize);
        Assert.Equal(SetupRole.ActPass, offer.Media[0].Setup);
        Assert.Equal("eGd1", offer.Media[0].IceUfrag);
        Assert.Equal("Y6qUq8Rwqt1bBMrkGCBbw1Bj", offer.Media[0].IcePwd);
        Assert.Equal(["trickle"], offer.Media[0].Attributes.GetValues(SdpAttributeNames.IceOptions));
        Assert.True(offer.Attributes.Contains(SdpAttributeNames.ExtmapAllowMixed));
    }

    [Fact]
    public void Chromium_candidates_are_read_with_their_related_address_and_extensions()
    {
        var audio = SessionDescription.Parse(ChromiumOffer.Text).Media[0];
        var candidates = audio.Candidates.ToList();

        Assert.Equal(4, candidates.Count);
        var host = candidates[0];
        Assert.Equal("3577411587", host.Foundation);
        Assert.Equal(1, host.Component);
        Assert.Equal("udp", host.Transport);
        Assert.Equal(2122260223u, host.Priority);
        Assert.Equal("192.168.1.20", host.Address);
        Assert.Equal(50617, host.Port);
        Assert.Equal("host", host.Type);
        Assert.Equal("1", host.GetExtension("network-id"));
        var srflx = candidates[2];
        Assert.Equal("srflx", srflx.Type);
        Assert.Equal("192.168.1.20", srflx.RelatedAddress);
        Assert.Equal(50617, srflx.RelatedPort);
        Assert.Equal("active", candidates[3].GetExtension("tcptype"));
    }

    [Fact]
    public void Chromium_codecs_fmtp_and_feedback_are_typed()
    {
        var video = SessionDescription.Parse(ChromiumOffer.Text).Media[1];

        Assert.Equal(new RtpMap(96, "VP8", 90000), video.GetRtpMap(96));
        Assert.Equal(96, video.GetFmtp(97)!.AssociatedPayloadType);
        var h264 = video.GetFmtp(100)!;
        Assert.Equal("1", h264.Get("packetization-mode"));
        Assert.Equal("42e01f", h264.Get("profile-level-id"));
        Assert.Equal(["level-asymmetry-allowed", "packetization-mode", "profile-level-id"], h264.Parameters.Select(p => p.Key));
        Assert.Contains(new RtcpFeedback(96, "nack", "pli"), video.GetRtcpFeedbacks(96));
        Assert.Contains(new RtcpFeedback(96, "ccm", "fir"), video.GetRtcpFeedbacks(96));
        Assert.Equal(5, video.GetRtcpFeedbacks(100).Count());

        var audio = SessionDescription.Parse(ChromiumOffer.Text).Media[0];
        Assert.Equal(new RtpMap(111, "opus", 48000, 2), audio.GetRtpMap(111));
        Assert.Equal([new KeyValuePair<string, string?>("111/111", null)], audio.GetFmtp(63)!.Parameters);
    }

    [Fact]
    public void Chromium_simulcast_rids_and_extmaps_are_typed()
    {
        var video = SessionDescription.Parse(ChromiumOffer.Text).Media[1];

        var rids = video.Rids.ToList();
        Assert.Equal(["h", "m", "l"], rids.Select(r => r.Id));
        Assert.All(rids, rid => Assert.Equal(RidDirection.Send, rid.Direction));
        Assert.Equal("640", rids[1].GetRestriction("max-width"));
        Assert.Equal([96, 100], rids[2].PayloadTypes);
        var simulcast = video.Simulcast!;
        Assert.Equal(["h", "m", "l"], simulcast.SendRids);
        Assert.Empty(simulcast.Recv);
        Assert.True(simulcast.Send[2][0].Paused);
        Assert.False(simulcast.Send[0][0].Paused);
        Assert.Contains(new Extmap(10, "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id"), video.Extmaps);
        Assert.Equal(11, video.Extmaps.Count());
    }

    [Fact]
    public void Chromium_ssrc_msid_fingerprint_and_data_channel_are_typed()
    {
        var offer = SessionDescription.Parse(ChromiumOffer.Text);
        var audio = offer.Media[0];

        Assert.Equal([1001399235u], audio.Ssrcs);
        Assert.Contains(new SsrcAttribute(1001399235, "cname", "Fs0oDS3bmpGbBnRk"), audio.SsrcAttributes);
        Assert.Equal(new Msid("5yLbNmsLNMx3Sh9OKHG3KCT1J0YQfqTGnaoE", "5b8d2bd7-2a50-4f55-9e9d-9d2f4e9c2a11"), audio.Msids.Single());
        var fingerprint = audio.Fingerprints.Single();
        Assert.Equal("sha-256", fingerprint.Algorithm);
        Assert.Equal(32, fingerprint.Value.Length);
        Assert.Equal(0x6B, fingerprint.Value[0]);
        var data = offer.Media[2];
        Assert.True(data.IsApplication);
        Assert.False(data.IsRtp);
        Assert.Equal(5000, data.SctpPort);
        Assert.Equal(262144UL, data.MaxMessageSize);
    }

    [Fact]
    public void A_firefox_offer_with_lf_line_endings_parses()
    {
        Assert.True(SessionDescription.TryParse(FirefoxOffer.Text, out var offer, out var error), error);

        Assert.Equal("mozilla...THIS_IS_SDPARTA-128.0", offer!.Origin.UserName);
        Assert.Equal(3, offer.Media.Count);
        // Firefox writes the fingerprint at session level only.
        Assert.Empty(offer.Media[0].Fingerprints);
        Assert.Single(offer.Fingerprints);
        Assert.Equal(["trickle"], offer.IceOptions);
        Assert.Equal(MediaDirection.SendOnly, offer.Media[1].Direction);
        Assert.Equal(new Extmap(2, "urn:ietf:params:rtp-hdrext:csrc-audio-level", MediaDirection.RecvOnly), offer.Media[0].Extmaps.ElementAt(1));
        Assert.Equal(SsrcGroup.Create("FID", 3987564733, 1823095137), offer.Media[1].SsrcGroups.Single());
        Assert.True(offer.Media[0].HasEndOfCandidates);
        Assert.Equal("TCP", offer.Media[0].Candidates.ElementAt(1).Transport);
        Assert.True(offer.Media[2].IsRejected);
        Assert.Equal([new KeyValuePair<string, string?>("0-15", null)], offer.Media[0].GetFmtp(101)!.Parameters);
        Assert.Equal(new RtpMap(9, "G722", 8000, 1), offer.Media[0].GetRtpMap(9));
    }

    [Fact]
    public void The_firefox_transport_is_read_from_media_and_session_levels()
    {
        var offer = SessionDescription.Parse(FirefoxOffer.Text);

        Assert.True(SdpTransportInfo.TryFrom(offer, out var transport, out var error), error);
        Assert.Equal("5f1c9a2e", transport!.IceUfrag);
        Assert.Equal("4ce3a0b5f3a4e6bb1a1f1d6a2b2e3c4d", transport.IcePwd);
        Assert.Equal("sha-256", transport.Fingerprint.Algorithm);
        Assert.Equal(SetupRole.ActPass, transport.Setup);
        Assert.Equal(2, transport.Candidates.Count);
        Assert.True(transport.EndOfCandidates);
        Assert.False(transport.IceLite);
    }
}
