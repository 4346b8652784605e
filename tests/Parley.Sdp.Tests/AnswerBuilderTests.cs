namespace Parley.Sdp.Tests;

public class AnswerBuilderTests
{
    [Fact]
    public void The_answer_keeps_every_m_line_in_order_with_the_offered_mids()
    {
        var negotiation = ServerParameters.Answer(ChromiumOffer.Text, ServerParameters.EchoOptions());
        var answer = negotiation.Local;

        Assert.Equal(["audio", "video", "application"], answer.Media.Select(m => m.Media));
        Assert.Equal(["0", "1", "2"], answer.Media.Select(m => m.Mid));
        Assert.Equal([MediaDescription.RtpProtocol, MediaDescription.RtpProtocol, MediaDescription.SctpProtocol], answer.Media.Select(m => m.Protocol));
    }

    [Fact]
    public void The_data_channel_is_rejected_with_port_zero_unless_enabled()
    {
        var negotiation = ServerParameters.Answer(ChromiumOffer.Text, ServerParameters.EchoOptions());
        var data = negotiation.Local.Media[2];

        Assert.Equal(0, data.Port);
        Assert.True(data.IsRejected);
        Assert.Equal("2", data.Mid);
        Assert.False(negotiation.Sections[2].Accepted);
        Assert.NotNull(negotiation.Sections[2].RejectionReason);
        // A rejected section leaves the BUNDLE group.
        Assert.Equal(["0", "1"], negotiation.Local.BundleGroup!.Mids);
        Assert.Equal(["0", "1"], negotiation.BundleMids);
    }

    [Fact]
    public void An_enabled_data_channel_is_accepted_with_sctp_port_and_message_size()
    {
        var options = ServerParameters.EchoOptions();
        options.AcceptDataChannel = true;
        var data = ServerParameters.Answer(ChromiumOffer.Text, options).Local.Media[2];

        Assert.Equal(40000, data.Port);
        Assert.Equal([MediaDescription.DataChannelFormat], data.Formats);
        Assert.Equal(5000, data.SctpPort);
        Assert.Equal(262144UL, data.MaxMessageSize);
    }

    [Fact]
    public void Codecs_are_intersected_keeping_the_offers_payload_types_and_order()
    {
        var negotiation = ServerParameters.Answer(ChromiumOffer.Text, ServerParameters.EchoOptions());

        Assert.Equal([111], negotiation.Local.Media[0].PayloadTypes);
        // VP8 96 + rtx 97, H264 packetization-mode=1 profile 42e01f 100 + rtx 101. Not VP9, not H264 mode 0 or high
        // profile, not red/ulpfec and not their rtx.
        Assert.Equal([96, 97, 100, 101], negotiation.Local.Media[1].PayloadTypes);
        Assert.Equal(new RtpMap(100, "H264", 90000), negotiation.Local.Media[1].GetRtpMap(100));
        Assert.Equal(SessionDescription.Parse(ChromiumOffer.Text).Media[1].GetFmtp(100), negotiation.Local.Media[1].GetFmtp(100));
    }

    [Fact]
    public void Rtx_is_kept_only_for_accepted_codecs()
    {
        var video = ServerParameters.Answer(ChromiumOffer.Text, ServerParameters.EchoOptions()).Local.Media[1];

        var rtxApts = video.PayloadTypes
            .Where(pt => video.GetRtpMap(pt)!.IsEncoding("rtx"))
            .Select(pt => video.GetFmtp(pt)!.AssociatedPayloadType!.Value)
            .ToList();
        Assert.Equal([96, 100], rtxApts);
        Assert.DoesNotContain(99, video.PayloadTypes); // rtx of VP9
        Assert.DoesNotContain(115, video.PayloadTypes); // rtx of red
    }

    [Fact]
    public void Without_an_rtx_capability_no_rtx_is_accepted()
    {
        var options = ServerParameters.EchoOptions();
        options.Codecs.Remove(CodecCapability.VideoRtx);
        var negotiation = ServerParameters.Answer(ChromiumOffer.Text, options);

        Assert.Equal([96, 100], negotiation.Local.Media[1].PayloadTypes);
        Assert.All(negotiation.Sections[1].Codecs, codec => Assert.Null(codec.RtxPayloadType));
    }

    [Fact]
    public void Feedback_lines_follow_the_accepted_codecs_and_the_supported_set()
    {
        var options = ServerParameters.EchoOptions();
        options.RtcpFeedback = new HashSet<string> { "nack", "nack pli", "transport-cc" };
        var video = ServerParameters.Answer(ChromiumOffer.Text, options).Local.Media[1];

        Assert.Equal(
            [new RtcpFeedback(96, "transport-cc"), new RtcpFeedback(96, "nack"), new RtcpFeedback(96, "nack", "pli")],
            video.GetRtcpFeedbacks(96));
        Assert.Empty(video.GetRtcpFeedbacks(98));
        Assert.All(video.RtcpFeedbacks, fb => Assert.Contains(fb.PayloadType!.Value, video.PayloadTypes));
    }

    [Fact]
    public void Accepted_header_extensions_keep_the_offers_ids()
    {
        var negotiation = ServerParameters.Answer(ChromiumOffer.Text, ServerParameters.EchoOptions());

        Assert.Equal(
            [
                new Extmap(3, "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01"),
                new Extmap(4, "urn:ietf:params:rtp-hdrext:sdes:mid"),
                new Extmap(10, "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id"),
                new Extmap(11, "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id"),
            ],
            negotiation.Local.Media[1].Extmaps);
        Assert.Equal(10, negotiation.Sections[1].GetHeaderExtensionId("urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id"));
        Assert.Null(negotiation.Sections[1].GetHeaderExtensionId("urn:3gpp:video-orientation"));
    }

    [Fact]
    public void Offered_simulcast_is_echoed_as_receive_rids()
    {
        var negotiation = ServerParameters.Answer(ChromiumOffer.Text, ServerParameters.EchoOptions());
        var video = negotiation.Local.Media[1];

        var rids = video.Rids.ToList();
        Assert.Equal(["h", "m", "l"], rids.Select(r => r.Id));
        Assert.All(rids, rid => Assert.Equal(RidDirection.Recv, rid.Direction));
        Assert.Equal("640", rids[1].GetRestriction("max-width"));
        // pt=96,100 survive because both codecs were accepted.
        Assert.Equal([96, 100], rids[2].PayloadTypes);
        Assert.Equal("recv h;m;~l", video.Simulcast!.ToString());
        Assert.Equal(["h", "m", "l"], negotiation.Sections[1].RemoteSendRids.Select(r => r.Id));
        Assert.NotNull(negotiation.Sections[1].RemoteSimulcast);
        Assert.Contains("a=simulcast:recv h;m;~l\r\n", negotiation.Local.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_rid_restricted_to_rejected_codecs_is_dropped_from_the_answer()
    {
        var offer = ChromiumOffer.Text.Replace("a=rid:l send pt=96,100;max-width=320", "a=rid:l send pt=98;max-width=320", StringComparison.Ordinal);
        var video = ServerParameters.Answer(offer, ServerParameters.EchoOptions()).Local.Media[1];

        Assert.Equal(["h", "m"], video.Rids.Select(r => r.Id));
        Assert.Equal("recv h;m", video.Simulcast!.ToString());
    }

    [Fact]
    public void The_echo_policy_mirrors_each_offered_direction()
    {
        var negotiation = ServerParameters.Answer(FirefoxOffer.Text, ServerParameters.EchoOptions());

        Assert.Equal(MediaDirection.SendRecv, negotiation.Local.Media[0].Direction);
        // Firefox offers video sendonly: the mirror answer can only receive it.
        Assert.Equal(MediaDirection.RecvOnly, negotiation.Local.Media[1].Direction);
        Assert.Equal(MediaDirection.RecvOnly, negotiation.Sections[1].Direction);
    }

    [Fact]
    public void A_receive_only_policy_answers_recvonly_and_inactive()
    {
        var options = ServerParameters.EchoOptions();
        options.DirectionPolicy = AnswerDirectionPolicies.ReceiveOnly;
        var offer = ChromiumOffer.Text.Replace("a=mid:0\r\n", "a=mid:0\r\n", StringComparison.Ordinal)
            .Replace("a=sendrecv\r\na=msid:5yLbNmsLNMx3Sh9OKHG3KCT1J0YQfqTGnaoE 5b8d", "a=recvonly\r\na=msid:5yLbNmsLNMx3Sh9OKHG3KCT1J0YQfqTGnaoE 5b8d", StringComparison.Ordinal);
        var negotiation = ServerParameters.Answer(offer, options);

        Assert.Equal(MediaDirection.Inactive, negotiation.Local.Media[0].Direction);
        Assert.Equal(MediaDirection.RecvOnly, negotiation.Local.Media[1].Direction);
    }

    [Fact]
    public void The_answer_carries_ice_lite_our_credentials_fingerprint_passive_setup_and_candidates()
    {
        var negotiation = ServerParameters.Answer(ChromiumOffer.Text, ServerParameters.EchoOptions());
        var answer = negotiation.Local;

        Assert.True(answer.IsIceLite);
        foreach (var section in answer.Media.Where(m => !m.IsRejected))
        {
            Assert.Equal(ServerParameters.Ufrag, section.IceUfrag);
            Assert.Equal(ServerParameters.Pwd, section.IcePwd);
            Assert.Equal(ServerParameters.Fingerprint, section.Fingerprints.Single());
            Assert.Equal(SetupRole.Passive, section.Setup);
            Assert.True(section.IsRtcpMux);
            Assert.Equal(40000, section.Port);
            Assert.Equal("198.51.100.10", section.Connection!.Address);
        }

        // Candidates only in the BUNDLE tag section (RFC 8843 §7.3.1).
        Assert.Equal([IceCandidate.Host("1", "198.51.100.10", 40000)], answer.Media[0].Candidates);
        Assert.True(answer.Media[0].HasEndOfCandidates);
        Assert.Empty(answer.Media[1].Candidates);
        Assert.False(negotiation.IsDtlsClient);
    }

    [Fact]
    public void An_active_offer_makes_the_server_passive_and_a_passive_offer_makes_it_active()
    {
        var activeOffer = ChromiumOffer.Text.Replace("a=setup:actpass", "a=setup:active", StringComparison.Ordinal);
        var passiveOffer = ChromiumOffer.Text.Replace("a=setup:actpass", "a=setup:passive", StringComparison.Ordinal);

        Assert.Equal(SetupRole.Passive, ServerParameters.Answer(activeOffer, ServerParameters.EchoOptions()).Local.Media[0].Setup);
        var negotiation = ServerParameters.Answer(passiveOffer, ServerParameters.EchoOptions());
        Assert.Equal(SetupRole.Active, negotiation.Local.Media[0].Setup);
        Assert.True(negotiation.IsDtlsClient);
    }

    [Fact]
    public void The_negotiation_surfaces_what_the_transport_needs_from_the_offer()
    {
        var negotiation = ServerParameters.Answer(FirefoxOffer.Text, ServerParameters.EchoOptions());

        Assert.Equal("5f1c9a2e", negotiation.RemoteTransport.IceUfrag);
        Assert.Equal("4ce3a0b5f3a4e6bb1a1f1d6a2b2e3c4d", negotiation.RemoteTransport.IcePwd);
        Assert.Equal("sha-256", negotiation.RemoteTransport.Fingerprint.Algorithm);
        var video = negotiation.FindSection("1")!;
        Assert.True(video.Accepted);
        Assert.Equal([3987564733u, 1823095137u], video.RemoteSsrcs);
        Assert.Equal(SsrcGroup.Create("FID", 3987564733, 1823095137), video.RemoteSsrcGroups.Single());
        Assert.Equal(["VP8", "H264"], video.Codecs.Select(c => c.Name));
        Assert.Equal(120, video.Codecs[0].PayloadType);
        Assert.Equal(124, video.Codecs[0].RtxPayloadType);
        Assert.Equal(126, video.Codecs[1].PayloadType);
        Assert.Equal(127, video.Codecs[1].RtxPayloadType);
        Assert.True(video.Codecs[0].HasFeedback("nack", "pli"));
        Assert.Equal("VP8", video.FindCodec(124)!.Name);
        Assert.Equal(109, negotiation.FindSection("0")!.Codecs.Single().PayloadType);
        Assert.False(negotiation.FindSection("2")!.Accepted);
        Assert.Equal(["0", "1"], negotiation.BundleMids);
    }

    [Fact]
    public void A_send_stream_is_announced_with_msid_ssrc_and_fid_group()
    {
        var options = ServerParameters.EchoOptions();
        options.SendStream = section => section.IsVideo
            ? new LocalMediaStream("echo", "echo-video", 1111, "parley", 2222)
            : new LocalMediaStream("echo", "echo-audio", 3333, "parley");
        var answer = ServerParameters.Answer(ChromiumOffer.Text, options).Local;

        var video = answer.Media[1];
        Assert.Equal(new Msid("echo", "echo-video"), video.Msids.Single());
        Assert.Equal(SsrcGroup.Create("FID", 1111, 2222), video.SsrcGroups.Single());
        Assert.Equal([1111u, 2222u], video.Ssrcs);
        Assert.Contains(new SsrcAttribute(1111, "cname", "parley"), video.SsrcAttributes);
        Assert.Empty(answer.Media[0].SsrcGroups);
        Assert.Equal([3333u], answer.Media[0].Ssrcs);
    }

    [Fact]
    public void A_firefox_offer_is_answered_with_its_rejected_section_kept_rejected()
    {
        var negotiation = ServerParameters.Answer(FirefoxOffer.Text, ServerParameters.EchoOptions());

        Assert.Equal(0, negotiation.Local.Media[2].Port);
        Assert.Equal("2", negotiation.Local.Media[2].Mid);
        Assert.Equal([109], negotiation.Local.Media[0].PayloadTypes);
        Assert.Equal([120, 124, 126, 127], negotiation.Local.Media[1].PayloadTypes);
        // Firefox's directional extmap (6/recvonly playout-delay) is not supported, so it is not echoed.
        Assert.Equal([3, 7], negotiation.Local.Media[1].Extmaps.Select(e => e.Id));
    }

    [Fact]
    public void The_answer_serializes_and_parses_back()
    {
        var negotiation = ServerParameters.Answer(ChromiumOffer.Text, ServerParameters.EchoOptions());
        var text = negotiation.Local.ToString();

        Assert.True(SessionDescription.TryParse(text, out var reparsed, out var error), error);
        Assert.Equal(text, reparsed!.ToString());
        Assert.StartsWith("v=0\r\no=- 777 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=ice-lite\r\na=group:BUNDLE 0 1\r\n", text, StringComparison.Ordinal);
    }
}
