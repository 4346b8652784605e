using Parley.Protocol.Roles;
using Parley.Sdp;
using Parley.Server.Media.Rooms;

namespace Parley.Server.Tests.Media;

public sealed class RoleUplinkCapsTests
{
    private const string Answer =
        "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n" +
        "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\na=recvonly\r\na=rtpmap:111 opus/48000/2\r\na=fmtp:111 minptime=10;useinbandfec=1\r\n" +
        "m=video 9 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 0.0.0.0\r\nb=AS:5000\r\na=mid:1\r\na=recvonly\r\na=rtpmap:96 VP8/90000\r\n" +
        "m=video 0 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 0.0.0.0\r\na=mid:2\r\na=inactive\r\na=rtpmap:96 VP8/90000\r\n";

    private static SessionDescription Apply(RoleDefinition role)
    {
        Assert.True(SessionDescription.TryParse(Answer, out var answer, out var error), error);
        RoleUplinkCaps.Apply(answer!, role);
        return answer!;
    }

    [Fact]
    public void Video_sections_the_server_receives_are_capped_at_the_roles_maximum_bitrate()
    {
        // R4.1, R4.3: the role applied at join bounds the publisher's uplink.
        var role = new RoleDefinition("anchor", "web", new VideoParameters(1280, 720, 30, 500, 1500), new AudioParameters(48000, 1, 48));
        var video = Apply(role).Media[1];

        Assert.Equal([new SdpBandwidth("AS", 1500), new SdpBandwidth("TIAS", 1_500_000)], video.Bandwidths);
    }

    [Fact]
    public void Opus_gets_the_roles_average_bitrate_and_keeps_its_other_parameters()
    {
        var mono = new RoleDefinition("talk", "web", new VideoParameters(640, 360, 15, 200, 900), new AudioParameters(48000, 1, 32));
        var fmtp = Apply(mono).Media[0].Fmtps.Single();

        Assert.Equal("32000", fmtp.Get("maxaveragebitrate"));
        Assert.Equal("1", fmtp.Get("useinbandfec"));
        Assert.Null(fmtp.Get("stereo"));
    }

    [Fact]
    public void A_two_channel_role_asks_for_stereo()
    {
        var music = new RoleDefinition("music", "web", new VideoParameters(640, 360, 15, 200, 900), new AudioParameters(48000, 2, 128));
        var fmtp = Apply(music).Media[0].Fmtps.Single();

        Assert.Equal("128000", fmtp.Get("maxaveragebitrate"));
        Assert.Equal("1", fmtp.Get("stereo"));
    }

    [Fact]
    public void Rejected_sections_are_left_alone()
    {
        var answer = Apply(RoleDefinition.BuiltInDefault("web"));

        Assert.Empty(answer.Media[2].Bandwidths);
    }
}
