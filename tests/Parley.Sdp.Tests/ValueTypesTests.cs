using Parley.Dtls;
namespace Parley.Sdp.Tests;

public class ValueTypesTests
{
    [Fact]
    public void A_trickled_browser_candidate_string_parses()
    {
        Assert.True(IceCandidate.TryParse(
            "candidate:2999745851 1 udp 2122260223 3d2c1a0e-5b9f-4a8e-9c1d-7e6f5a4b3c2d.local 54400 typ host generation 0 ufrag eGd1 network-id 1",
            out var candidate));

        Assert.Equal("3d2c1a0e-5b9f-4a8e-9c1d-7e6f5a4b3c2d.local", candidate!.Address);
        Assert.Equal("eGd1", candidate.GetExtension("ufrag"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("1 1 udp 100 1.2.3.4 5 host")]
    [InlineData("1 0 udp 100 1.2.3.4 5 typ host")]
    [InlineData("1 1 udp 4294967296 1.2.3.4 5 typ host")]
    [InlineData("1 1 udp 100 1.2.3.4 65536 typ host")]
    [InlineData("1 1 udp 100 1.2.3.4 5 typ srflx raddr 1.2.3.4 rport x")]
    [InlineData("1 1 udp 100 1.2.3.4 5 typ host generation")]
    public void Damaged_candidates_are_refused(string text)
    {
        Assert.False(IceCandidate.TryParse(text, out var candidate));
        Assert.Null(candidate);
    }

    [Fact]
    public void Host_candidate_priority_follows_rfc_8445()
    {
        // 126 << 24 | 65535 << 8 | (256 - 1)
        Assert.Equal(2130706431u, IceCandidate.ComputePriority(126, 65535, 1));
        Assert.Equal(2130706431u, IceCandidate.Host("1", "10.0.0.1", 3478).Priority);
        Assert.Throws<ArgumentOutOfRangeException>(() => IceCandidate.ComputePriority(127, 0));
        Assert.Throws<ArgumentException>(() => IceCandidate.Host("has space", "10.0.0.1", 3478));
    }

    [Fact]
    public void A_fingerprint_matches_its_digest_case_insensitively()
    {
        var digest = Enumerable.Range(0, 32).Select(i => (byte)(255 - i)).ToArray();
        var fingerprint = DtlsFingerprint.FromDigest("SHA-256", digest);

        Assert.Equal("sha-256", fingerprint.Algorithm);
        Assert.StartsWith("sha-256 FF:FE:FD", fingerprint.ToString(), StringComparison.Ordinal);
        Assert.True(fingerprint.Value.SequenceEqual(digest));
        Assert.True(DtlsFingerprint.TryParse(fingerprint.ToString().ToLowerInvariant(), out var parsed));
        Assert.Equal(fingerprint, parsed);
        Assert.False(DtlsFingerprint.TryParse("sha-256 FF:F", out _));
        Assert.False(DtlsFingerprint.TryParse("sha-256 FF-FE", out _));
        Assert.Throws<ArgumentException>(() => DtlsFingerprint.FromDigest("sha-256", [1, 2, 3]));
    }

    [Fact]
    public void Attribute_lists_set_in_place_and_remove_duplicates()
    {
        var list = new SdpAttributeList();
        list.Add("mid", "0");
        list.Add("sendrecv");
        list.Add("mid", "1");

        list.Set("mid", "a");

        Assert.Equal([new SdpAttribute("mid", "a"), new SdpAttribute("sendrecv")], list);
        Assert.Equal(1, list.RemoveAll("sendrecv"));
        Assert.Throws<ArgumentException>(() => list.Add("bad name", "x"));
        Assert.Throws<ArgumentException>(() => list.Add("ok", "line\r\nbreak"));
    }

    [Fact]
    public void Setting_a_direction_replaces_the_existing_one_in_place()
    {
        var media = SessionDescription.Parse(ChromiumOffer.Text).Media[0];
        var index = media.Attributes.ToList().FindIndex(a => a.Name == "sendrecv");

        media.SetDirection(MediaDirection.RecvOnly);

        Assert.Equal(MediaDirection.RecvOnly, media.Direction);
        Assert.Equal("recvonly", media.Attributes[index].Name);
        Assert.Single(media.Attributes, a => MediaDirections.TryParse(a.Name, out _));
    }

    [Fact]
    public void Local_transport_parameters_enforce_ice_credential_lengths()
    {
        Assert.Throws<ArgumentException>(() => new LocalTransportParameters("abc", ServerParameters.Pwd, ServerParameters.Fingerprint));
        Assert.Throws<ArgumentException>(() => new LocalTransportParameters(ServerParameters.Ufrag, "short", ServerParameters.Fingerprint));
        Assert.Throws<ArgumentException>(() => new LocalTransportParameters("ab d", ServerParameters.Pwd, ServerParameters.Fingerprint));
    }

    [Fact]
    public void Setup_roles_answer_the_offered_role()
    {
        Assert.Equal(SetupRole.Passive, SetupRoles.Answer(SetupRole.ActPass));
        Assert.Equal(SetupRole.Active, SetupRoles.Answer(SetupRole.ActPass, SetupRole.Active));
        Assert.Equal(SetupRole.Passive, SetupRoles.Answer(SetupRole.Active));
        Assert.Equal(SetupRole.Active, SetupRoles.Answer(SetupRole.Passive));
    }

    [Fact]
    public void Records_with_lists_compare_by_value()
    {
        Assert.Equal(Fmtp.Create(96, ("apt", "95")), Fmtp.Create(96, ("apt", "95")));
        Assert.NotEqual(Fmtp.Create(96, ("apt", "95")), Fmtp.Create(96, ("apt", "94")));
        Assert.Equal(Simulcast.Create(send: ["a", "b"]), Simulcast.Create(send: ["a", "b"]));
        Assert.Equal(SdpGroup.Create("BUNDLE", ["0", "1"]).GetHashCode(), SdpGroup.Create("BUNDLE", ["0", "1"]).GetHashCode());
    }
}
