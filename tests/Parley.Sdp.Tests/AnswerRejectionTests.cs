namespace Parley.Sdp.Tests;

public class AnswerRejectionTests
{
    [Fact]
    public void An_offer_without_fingerprint_cannot_be_answered()
    {
        var offer = SessionDescription.Parse(string.Join("\r\n",
            ChromiumOffer.Text.Split("\r\n").Where(line => !line.StartsWith("a=fingerprint", StringComparison.Ordinal))));

        Assert.False(SdpAnswerBuilder.TryBuild(offer, ServerParameters.EchoOptions(), out var negotiation, out var error));
        Assert.Null(negotiation);
        Assert.Contains("fingerprint", error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_offer_without_mids_cannot_be_answered()
    {
        var offer = SessionDescription.Parse(string.Join("\r\n",
            ChromiumOffer.Text.Split("\r\n").Where(line => !line.StartsWith("a=mid", StringComparison.Ordinal))));

        Assert.False(SdpAnswerBuilder.TryBuild(offer, ServerParameters.EchoOptions(), out _, out var error));
        Assert.Contains("mid", error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_offer_with_no_common_codec_cannot_be_answered()
    {
        var options = new SdpAnswerOptions(ServerParameters.Transport());
        options.Codecs.Add(new CodecCapability(MediaDescription.Audio, "AMR-WB", 16000));

        Assert.False(SdpAnswerBuilder.TryBuild(SessionDescription.Parse(ChromiumOffer.Text), options, out _, out var error));
        Assert.Contains("no codec in common", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_section_without_a_common_codec_is_rejected_while_others_are_accepted()
    {
        var options = ServerParameters.EchoOptions();
        options.Codecs.Remove(CodecCapability.Opus);
        var negotiation = ServerParameters.Answer(ChromiumOffer.Text, options);

        Assert.Equal(0, negotiation.Local.Media[0].Port);
        Assert.False(negotiation.Sections[0].Accepted);
        Assert.Equal("no codec in common", negotiation.Sections[0].RejectionReason);
        // The BUNDLE tag moves to the first accepted mid, which now carries the candidates.
        Assert.Equal(["1"], negotiation.Local.BundleGroup!.Mids);
        Assert.NotEmpty(negotiation.Local.Media[1].Candidates);
    }

    [Fact]
    public void A_section_without_rtcp_mux_is_rejected()
    {
        var offer = ChromiumOffer.Text.Replace("a=rtcp-mux\r\na=rtcp-rsize\r\na=rtpmap:111", "a=rtcp-rsize\r\na=rtpmap:111", StringComparison.Ordinal);
        var negotiation = ServerParameters.Answer(offer, ServerParameters.EchoOptions());

        Assert.False(negotiation.Sections[0].Accepted);
        Assert.Contains("rtcp-mux", negotiation.Sections[0].RejectionReason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bundle_only_section_with_port_zero_is_accepted()
    {
        var offer = ChromiumOffer.Text.Replace("m=video 9 ", "m=video 0 ", StringComparison.Ordinal)
            .Replace("a=mid:1\r\n", "a=mid:1\r\na=bundle-only\r\n", StringComparison.Ordinal);
        var negotiation = ServerParameters.Answer(offer, ServerParameters.EchoOptions());

        Assert.True(negotiation.Sections[1].Accepted);
        Assert.Equal(40000, negotiation.Local.Media[1].Port);
    }
}
