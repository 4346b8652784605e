namespace Parley.Sdp.Tests;

public class RoundTripTests
{
    public static TheoryData<string> BrowserOffers => new() { ChromiumOffer.Text, FirefoxOffer.Text };

    [Theory]
    [MemberData(nameof(BrowserOffers))]
    public void Parse_serialize_parse_gives_an_equal_description(string text)
    {
        var first = SessionDescription.Parse(text);
        var second = SessionDescription.Parse(first.ToString());

        Assert.Equal(first.ToString(), second.ToString());
        Assert.Equal(first.Origin, second.Origin);
        Assert.Equal(first.Attributes, second.Attributes);
        Assert.Equal(first.Media.Count, second.Media.Count);
        for (var i = 0; i < first.Media.Count; i++)
        {
            Assert.Equal(first.Media[i].Formats, second.Media[i].Formats);
            Assert.Equal(first.Media[i].Attributes, second.Media[i].Attributes);
            Assert.Equal(first.Media[i].Connections, second.Media[i].Connections);
            Assert.Equal(first.Media[i].Candidates, second.Media[i].Candidates);
            Assert.Equal(first.Media[i].Fmtps, second.Media[i].Fmtps);
            Assert.Equal(first.Media[i].Rids, second.Media[i].Rids);
            Assert.Equal(first.Media[i].Simulcast, second.Media[i].Simulcast);
        }
    }

    [Fact]
    public void A_crlf_offer_serializes_back_byte_for_byte()
    {
        Assert.Equal(ChromiumOffer.Text, SessionDescription.Parse(ChromiumOffer.Text).ToString());
    }

    [Fact]
    public void An_lf_offer_serializes_with_crlf_line_endings()
    {
        Assert.Equal(FirefoxOffer.Text.Replace("\n", "\r\n", StringComparison.Ordinal), SessionDescription.Parse(FirefoxOffer.Text).ToString());
    }

    [Fact]
    public void Unknown_attributes_and_rare_lines_survive_in_order()
    {
        const string text =
            "v=0\r\no=alice 1 2 IN IP6 ::1\r\ns=Call\r\ni=About\r\nu=http://example.com/\r\ne=a@example.com\r\np=+1 555\r\n" +
            "c=IN IP4 224.2.1.1/127\r\nb=AS:512\r\nt=3034423619 3042462419\r\nr=604800 3600 0 90000\r\nz=2882844526 -1h\r\n" +
            "k=prompt\r\na=x-custom:with: colons\r\na=flag\r\n" +
            "m=audio 49170/2 RTP/AVP 0\r\ni=media info\r\nc=IN IP4 224.2.1.1/127\r\nb=TIAS:64000\r\nk=prompt\r\na=x-other\r\n";

        var description = SessionDescription.Parse(text);

        Assert.Equal(text, description.ToString());
        Assert.Equal(new SdpAttribute("x-custom", "with: colons"), description.Attributes[0]);
        Assert.Equal(new SdpAttribute("flag"), description.Attributes[1]);
        Assert.Equal(["604800 3600 0 90000"], description.Timings[0].Repeats);
        Assert.Equal(2, description.Media[0].PortCount);
        Assert.Equal(new SdpBandwidth("TIAS", 64000), description.Media[0].Bandwidths[0]);
    }

    [Fact]
    public void Typed_values_format_back_to_their_wire_text()
    {
        string[] candidates =
        [
            "842163049 1 udp 1686052607 203.0.113.7 50617 typ srflx raddr 192.168.1.20 rport 50617 generation 0",
            "1 1 TCP 2105524479 198.51.100.4 9 typ host tcptype active",
            "a1b2 1 udp 41885439 2001:db8::1 3478 typ relay raddr 0.0.0.0 rport 0",
        ];
        foreach (var text in candidates)
        {
            Assert.True(IceCandidate.TryParse(text, out var candidate));
            Assert.Equal(text, candidate!.ToString());
            Assert.True(IceCandidate.TryParse(candidate.ToCandidateString(), out var trickled));
            Assert.Equal(candidate, trickled);
        }

        Assert.True(Simulcast.TryParse("send 1,2;~3 recv 4", out var simulcast));
        Assert.Equal("send 1,2;~3 recv 4", simulcast!.ToString());
        Assert.Equal("send 4 recv 1,2;~3", simulcast.Reverse().ToString());
        Assert.True(Rid.TryParse("1 recv pt=97,98;max-fps=30;max-br", out var rid));
        Assert.Equal("1 recv pt=97,98;max-fps=30;max-br", rid!.ToString());
        Assert.True(Extmap.TryParse("7/sendonly urn:x attr1 attr2", out var extmap));
        Assert.Equal("7/sendonly urn:x attr1 attr2", extmap!.ToString());
    }

    [Fact]
    public void A_legacy_firefox_simulcast_with_rid_prefix_is_understood()
    {
        Assert.True(Simulcast.TryParse("send rid=a;b", out var simulcast));
        Assert.Equal(["a", "b"], simulcast!.SendRids);
    }
}
