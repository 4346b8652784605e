using System.Net;
using Parley.Client.Media.Rooms;
using Parley.Dtls;
using Parley.Sdp;
using Parley.WebRtc.Client;

namespace Parley.Client.Tests.Media.Rooms;

/// <summary>The SDP of room media (docs/protocol.md §9): the publish offer and the answer to the server's subscriber offer.</summary>
public sealed class RoomMediaSdpTests
{
    [Fact]
    public async Task The_publish_offer_has_a_sendonly_section_per_track_full_ice_actpass_and_our_candidates()
    {
        await using var connection = new WebRtcClientConnection();
        var candidates = connection.GetLocalCandidates(remoteIsLoopback: true);

        var offer = RoomMediaSdp.BuildPublishOffer(connection,
            [new RoomMediaSdp.SendSection("0", MediaKind.Video, 1111, Stopped: false), new RoomMediaSdp.SendSection("1", MediaKind.Audio, 2222, Stopped: false)],
            candidates, sessionId: 5, version: 2);

        Assert.True(SessionDescription.TryParse(offer.ToString(), out var parsed, out var error), error);
        Assert.False(parsed!.IsIceLite); // we answer checks: a full agent
        Assert.Equal(["0", "1"], parsed.Media.Select(m => m.Mid));
        Assert.All(parsed.Media, m => Assert.Equal(MediaDirection.SendOnly, parsed.GetDirection(m)));
        Assert.All(parsed.Media, m => Assert.Equal(SetupRole.ActPass, m.Setup));
        Assert.Equal("VP8", parsed.Media[0].RtpMaps.Single().EncodingName);
        Assert.Equal("opus", parsed.Media[1].RtpMaps.Single().EncodingName);
        Assert.Contains(1111u, parsed.Media[0].Ssrcs);
        Assert.Contains(2222u, parsed.Media[1].Ssrcs);
        Assert.True(SdpTransportInfo.TryFrom(parsed, out var transport, out _));
        Assert.Equal(connection.LocalIce.UsernameFragment, transport!.IceUfrag);
        Assert.Contains(transport.Candidates, c => c.Address == "127.0.0.1" && c.Port == connection.LocalEndPoint.Port);
    }

    [Fact]
    public async Task An_unpublished_track_keeps_its_place_as_a_stopped_section()
    {
        await using var connection = new WebRtcClientConnection();

        var offer = RoomMediaSdp.BuildPublishOffer(connection,
            [new RoomMediaSdp.SendSection("0", MediaKind.Video, 1111, Stopped: true), new RoomMediaSdp.SendSection("1", MediaKind.Audio, 2222, Stopped: false)],
            connection.GetLocalCandidates(), sessionId: 5, version: 3);

        Assert.Equal(0, offer.Media[0].Port);
        Assert.Equal("0", offer.Media[0].Mid);
        Assert.NotEqual(0, offer.Media[1].Port);
    }

    [Fact]
    public async Task The_answer_to_a_subscriber_offer_is_recvonly_with_setup_active_for_every_section()
    {
        await using var connection = new WebRtcClientConnection();
        var serverOffer = ServerOffer();

        var negotiation = RoomMediaSdp.AnswerSubscriberOffer(serverOffer, connection, connection.GetLocalCandidates(remoteIsLoopback: true), version: 7);

        var answer = negotiation.Local;
        Assert.Equal(["v1", "a1"], answer.Media.Select(m => m.Mid));
        Assert.All(answer.Media, m => Assert.Equal(MediaDirection.RecvOnly, answer.GetDirection(m)));
        Assert.All(answer.Media, m => Assert.Equal(SetupRole.Active, m.Setup)); // protocol.md §10.6: the server is the DTLS server
        Assert.False(answer.IsIceLite);
        Assert.True(SdpTransportInfo.TryFrom(answer, out var ours, out _));
        Assert.Equal(connection.LocalIce.UsernameFragment, ours!.IceUfrag);
        Assert.Equal(connection.Certificate.Fingerprint, ours.Fingerprint);
        Assert.NotEmpty(ours.Candidates);
        Assert.Equal([3333u], negotiation.FindSection("v1")!.RemoteSsrcs);
        Assert.Equal(DtlsRole.Client, WebRtcClientConnection.DtlsRoleForOurAnswer(SetupRole.Active));
        Assert.Equal(7ul, answer.Origin.SessionVersion);
    }

    [Theory]
    [InlineData(SetupRole.Passive, DtlsRole.Client)]
    [InlineData(SetupRole.Active, DtlsRole.Server)]
    public void The_answers_setup_gives_our_dtls_role(SetupRole answerSetup, DtlsRole ours)
    {
        Assert.Equal(ours, WebRtcClientConnection.DtlsRoleForAnswer(answerSetup));
    }

    /// <summary>What the server sends in <c>subscriberOffer</c>: ice-lite, one sendonly section per consumer with its SSRC.</summary>
    private static SessionDescription ServerOffer()
    {
        var transport = new LocalTransportParameters("srvufrag", "serverpassword0123456789", DtlsCertificate.Generate().Fingerprint);
        transport.Candidates.Add(IceCandidate.Host("1", "127.0.0.1", 40_000));
        var video = new OfferMediaSection("v1", MediaDescription.Video) { Direction = MediaDirection.SendOnly };
        video.Codecs.Add(OfferCodec.Vp8(96, rtxPayloadType: null));
        video.HeaderExtensions.Add(new Extmap(4, RoomMediaSdp.MidExtensionUri));
        video.Stream = new LocalMediaStream("alice", "camera", 3333, "alice");
        var audio = new OfferMediaSection("a1", MediaDescription.Audio) { Direction = MediaDirection.SendOnly };
        audio.Codecs.Add(OfferCodec.Opus(111));
        audio.Stream = new LocalMediaStream("alice", "microphone", 4444, "alice");
        return SdpOfferBuilder.Build(new SdpOfferOptions(transport), [video, audio]);
    }
}
