using System.Net;
using System.Net.Sockets;
using System.Text;
using Parley.Rtp;
using Parley.Stun;
using Parley.WebRtc.Client;
using Parley.WebRtc.Transport;

namespace Parley.WebRtc.Tests;

/// <summary>
/// ICE restart on a connected transport (RFC 8445 §9): new local credentials, DTLS and SRTP kept; the old ufrag is
/// answered until the peer's first check with the new one, then refused.
/// </summary>
public sealed class IceRestartTests
{
    private const string NewPeerUfrag = "newpeer";

    [Fact]
    public async Task A_restart_gives_new_credentials_and_keeps_dtls_and_srtp()
    {
        await using var server = WebRtcTestFactory.StartServer();
        await using var client = new WebRtcClientConnection();
        var transport = await ConnectAsync(server, client);
        var before = transport.LocalIce;
        var profile = transport.SrtpProfile;

        var restarted = transport.RestartIce(NewPeerUfrag);

        Assert.NotEqual(before.UsernameFragment, restarted.UsernameFragment);
        Assert.NotEqual(before.Password, restarted.Password);
        Assert.Equal(restarted, transport.LocalIce);
        Assert.Equal(WebRtcTransportState.Connected, transport.State);
        Assert.Equal(profile, transport.SrtpProfile);
        Assert.True(server.TryGetTransport(transport.Id, out _));

        // The same SRTP session still decrypts the client's media.
        SendRtp(client, 1);
        await WebRtcTestFactory.EventuallyAsync(() => transport.GetStats().RtpPacketsIn == 1);
    }

    [Fact]
    public async Task The_old_ufrag_is_answered_until_the_new_one_is_seen_and_refused_after()
    {
        await using var server = WebRtcTestFactory.StartServer();
        await using var client = new WebRtcClientConnection();
        var transport = await ConnectAsync(server, client);
        var old = transport.LocalIce;
        var restarted = transport.RestartIce(NewPeerUfrag);
        using var moved = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0)); // the peer after a network change
        var serverEndPoint = new IPEndPoint(IPAddress.Loopback, server.Port);

        await moved.SendAsync(WriteCheck(old.UsernameFragment, client.LocalIce.UsernameFragment, old.Password, useCandidate: false), serverEndPoint);
        Assert.True(IsSuccess(await ReceiveAsync(moved), old.Password), "the old ufrag is still answered before the new one is seen");

        await moved.SendAsync(WriteCheck(restarted.UsernameFragment, NewPeerUfrag, restarted.Password, useCandidate: true), serverEndPoint);
        Assert.True(IsSuccess(await ReceiveAsync(moved), restarted.Password));
        Assert.Equal(moved.Client.LocalEndPoint, transport.RemoteEndPoint);

        long unmatched = server.UnmatchedDrops(DropReason.BadStun);
        await moved.SendAsync(WriteCheck(old.UsernameFragment, client.LocalIce.UsernameFragment, old.Password, useCandidate: true), serverEndPoint);
        await AssertNothingArrivesAsync(moved);
        Assert.Equal(unmatched + 1, server.UnmatchedDrops(DropReason.BadStun));
        Assert.Equal(WebRtcTransportState.Connected, transport.State);
    }

    [Fact]
    public async Task A_check_for_the_new_credentials_naming_another_sender_is_refused()
    {
        await using var server = WebRtcTestFactory.StartServer();
        await using var client = new WebRtcClientConnection();
        var transport = await ConnectAsync(server, client);
        var restarted = transport.RestartIce(NewPeerUfrag);
        using var peer = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));

        await peer.SendAsync(WriteCheck(restarted.UsernameFragment, "intruder", restarted.Password, useCandidate: true), new IPEndPoint(IPAddress.Loopback, server.Port));

        await AssertNothingArrivesAsync(peer);
        Assert.Equal(1, transport.GetStats().Drops[nameof(DropReason.BadStun)]);
    }

    [Fact]
    public async Task A_closed_transport_cannot_restart()
    {
        await using var server = WebRtcTestFactory.StartServer();
        var transport = server.CreateTransport(WebRtcTestFactory.Settings("peer"));
        transport.Close();

        Assert.Throws<InvalidOperationException>(() => transport.RestartIce());
    }

    private static async Task<WebRtcTransport> ConnectAsync(WebRtcServer server, WebRtcClientConnection client)
    {
        var transport = server.CreateTransport(WebRtcTestFactory.Settings(client.Certificate, client.LocalIce.UsernameFragment));
        await client.ConnectAsync(
            [new IPEndPoint(IPAddress.Loopback, server.Port)], transport.LocalIce.UsernameFragment, transport.LocalIce.Password, transport.LocalFingerprint);
        await WebRtcTestFactory.EventuallyAsync(() => transport.State == WebRtcTransportState.Connected);
        return transport;
    }

    private static void SendRtp(WebRtcClientConnection client, ushort sequence)
    {
        var buffer = new byte[100];
        var writer = new RtpPacketWriter(buffer, 111, sequence, sequence * 960u, 0xAB);
        writer.WritePayload(new byte[10]);
        Assert.True(client.SendRtp(writer.Written));
    }

    private static byte[] WriteCheck(string serverUfrag, string senderUfrag, string serverPassword, bool useCandidate)
    {
        var buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, StunMethod.Binding, StunMessageClass.Request, StunTransactionId.NewRandom());
        writer.AddUsername($"{serverUfrag}:{senderUfrag}");
        writer.AddPriority(1853824767);
        writer.AddIceControlling(42);
        if (useCandidate)
        {
            writer.AddUseCandidate();
        }

        writer.AddMessageIntegrity(Encoding.UTF8.GetBytes(serverPassword));
        writer.AddFingerprint();
        return writer.Written.ToArray();
    }

    private static bool IsSuccess(byte[] response, string password) =>
        StunMessage.TryParse(response, out var message)
        && message.Class == StunMessageClass.SuccessResponse
        && message.VerifyMessageIntegrity(Encoding.UTF8.GetBytes(password));

    private static async Task<byte[]> ReceiveAsync(UdpClient peer)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        return (await peer.ReceiveAsync(timeout.Token)).Buffer;
    }

    private static async Task AssertNothingArrivesAsync(UdpClient peer)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await peer.ReceiveAsync(timeout.Token));
    }
}
