using System.Collections.Concurrent;
using System.Net;
using Parley.Dtls;
using Parley.Rtp;
using Parley.WebRtc.Client;

namespace Parley.WebRtc.Tests.Client;

/// <summary>
/// Two client connections over real loopback UDP, each a full ICE agent that starts controlling: they must answer
/// each other's checks, get past the role conflict, and run DTLS with one as client and one as server, as a full-ICE
/// server (Janus) answering <c>a=setup:active</c> requires.
/// </summary>
public sealed class FullIceClientPairTests
{
    [Fact]
    public async Task Two_full_ice_agents_connect_with_opposite_dtls_roles_and_exchange_srtp()
    {
        await using var offerer = new WebRtcClientConnection();
        await using var answerer = new WebRtcClientConnection();

        // The answerer said a=setup:active: the offerer is the DTLS server, the answerer the client.
        var offererSide = offerer.ConnectAsync(
            answerer.GetLocalCandidates(remoteIsLoopback: true), answerer.LocalIce.UsernameFragment, answerer.LocalIce.Password,
            answerer.Certificate.Fingerprint, dtlsRole: WebRtcClientConnection.DtlsRoleForAnswer(Parley.Sdp.SetupRole.Active));
        var answererSide = answerer.ConnectAsync(
            offerer.GetLocalCandidates(remoteIsLoopback: true), offerer.LocalIce.UsernameFragment, offerer.LocalIce.Password,
            offerer.Certificate.Fingerprint, dtlsRole: WebRtcClientConnection.DtlsRoleForOurAnswer(Parley.Sdp.SetupRole.Active));
        await Task.WhenAll(offererSide, answererSide).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(DtlsRole.Server, offerer.DtlsRole);
        Assert.Equal(DtlsRole.Client, answerer.DtlsRole);
        Assert.Equal(offerer.SrtpProfile, answerer.SrtpProfile);
        // Both started controlling; which checks each side saw first is a race on loopback, so the role outcome is not
        // asserted here (FullIceAgentTests pins the conflict rules: 487 or a switch by tie-breaker). What matters is
        // that each answered the other's checks and the pair connected.
        Assert.True(offerer.Ice!.AnsweredChecks > 0 || answerer.Ice!.AnsweredChecks > 0);

        var received = new ConcurrentQueue<byte[]>();
        answerer.RtpReceived += packet => received.Enqueue(packet.ToArray());
        var buffer = new byte[200];
        var writer = new RtpPacketWriter(buffer, payloadType: 96, sequenceNumber: 7, timestamp: 9000, ssrc: 42, marker: true);
        writer.BeginPayload(100).Fill(0xAB);
        var packet = writer.Written.ToArray();
        Assert.True(offerer.SendRtp(packet));

        await WebRtcTestFactory.EventuallyAsync(() => !received.IsEmpty, because: "the DTLS server's SRTP reaches the DTLS client");
        Assert.True(received.TryDequeue(out var got));
        Assert.Equal(packet, got);
    }

    [Fact]
    public void Bound_to_any_the_candidates_are_the_interface_addresses_and_loopback_only_for_a_loopback_peer()
    {
        var local = new IPEndPoint(IPAddress.Any, 40_000);

        var forLan = Parley.WebRtc.Client.Ice.HostCandidateGatherer.Gather(local, includeLoopback: false);
        var forLoopback = Parley.WebRtc.Client.Ice.HostCandidateGatherer.Gather(local, includeLoopback: true);

        Assert.All(forLan, candidate => Assert.Equal(40_000, candidate.Port));
        Assert.All(forLan.Where(c => !IPAddress.IsLoopback(c.Address)), candidate => Assert.Equal(System.Net.Sockets.AddressFamily.InterNetwork, candidate.Address.AddressFamily));
        Assert.Contains(new IPEndPoint(IPAddress.Loopback, 40_000), forLoopback);
        Assert.Equal([new IPEndPoint(IPAddress.Parse("10.77.0.1"), 5)], Parley.WebRtc.Client.Ice.HostCandidateGatherer.Gather(new IPEndPoint(IPAddress.Parse("10.77.0.1"), 5), includeLoopback: true));
    }
}
