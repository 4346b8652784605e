using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;
using Parley.Rtp;
using Parley.Sdp;
using Parley.WebRtc.Negotiation;
using Parley.WebRtc.Transport;

namespace Parley.WebRtc.Tests.Tcp;

/// <summary>
/// ICE-TCP on the media port (RFC 6544 passive candidates, RFC 4571 framing): checks, DTLS and SRTP over one TCP
/// connection through the same transport as UDP, answers back on that connection, and the listener's limits.
/// </summary>
public sealed class IceTcpTests
{
    [Fact]
    public async Task The_tcp_listener_takes_the_udp_ports_number()
    {
        await using var server = StartServer();

        var stats = server.GetIceTcpStats();

        Assert.True(server.IceTcpListening);
        Assert.True(stats.Listening);
        Assert.Equal(server.Port, stats.Port);
    }

    [Fact]
    public async Task Descriptions_carry_a_passive_tcp_candidate_per_address_ranked_below_every_udp_candidate()
    {
        await using var server = StartServer(addresses: ["127.0.0.1", "::1"]);
        var transport = server.CreateTransport(WebRtcTestFactory.Settings("peer"));

        var candidates = MediaSdpPolicy.TransportParameters(transport).Candidates;

        var udp = candidates.Where(c => c.Transport == "udp").ToList();
        var tcp = candidates.Where(c => c.Transport == "tcp").ToList();
        Assert.Equal(2, udp.Count);
        Assert.Equal(2, tcp.Count);
        Assert.Equal("udp", candidates[0].Transport); // the default candidate (m= and c=) stays UDP
        Assert.All(tcp, c =>
        {
            Assert.Equal("passive", c.GetExtension("tcptype"));
            Assert.Equal(server.Port, c.Port);
            Assert.Equal("host", c.Type);
            Assert.True(c.Priority < udp.Min(u => u.Priority));
            Assert.Matches(@"^\S+ 1 tcp \d+ \S+ \d+ typ host tcptype passive$", c.ToString());
        });
        Assert.True(tcp[0].Priority > tcp[1].Priority);
        Assert.Equal(candidates.Count, candidates.Select(c => c.Foundation).Distinct().Count());
    }

    [Fact]
    public async Task With_tcp_candidates_only_descriptions_leave_udp_out_and_without_ice_tcp_they_leave_tcp_out()
    {
        await using var tcpOnly = StartServer(configure: o => o.IceTcp.TcpCandidatesOnly = true);
        await using var udpOnly = StartServer(configure: o => o.IceTcp.Enabled = false);

        var tcpCandidates = MediaSdpPolicy.TransportParameters(tcpOnly.CreateTransport(WebRtcTestFactory.Settings("peer"))).Candidates;
        var udpCandidates = MediaSdpPolicy.TransportParameters(udpOnly.CreateTransport(WebRtcTestFactory.Settings("peer"))).Candidates;

        Assert.All(tcpCandidates, c => Assert.Equal("tcp", c.Transport));
        Assert.Single(tcpCandidates);
        Assert.All(udpCandidates, c => Assert.Equal("udp", c.Transport));
        Assert.False(udpOnly.IceTcpListening);
        await Assert.ThrowsAnyAsync<SocketException>(() => ConnectTcpAsync(udpOnly.Port));
    }

    [Fact]
    public async Task A_fixed_port_taken_on_tcp_leaves_the_media_port_udp_only_instead_of_failing()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        int port = ((IPEndPoint)squatter.LocalEndpoint).Port;

        await using var server = StartServer(configure: o => o.UdpPort = port);

        Assert.Equal(port, server.Port);
        Assert.False(server.IceTcpListening);
        var candidates = MediaSdpPolicy.TransportParameters(server.CreateTransport(WebRtcTestFactory.Settings("peer"))).Candidates;
        Assert.All(candidates, c => Assert.Equal("udp", c.Transport));
    }

    [Fact]
    public async Task Checks_dtls_and_srtp_run_over_one_tcp_connection_and_the_server_answers_on_it()
    {
        await using var server = StartServer();
        await using var peer = await TcpMediaPeer.ConnectAsync(server.Port);
        var transport = server.CreateTransport(WebRtcTestFactory.Settings(peer.Certificate, peer.Ufrag));
        var ice = transport.LocalIce;

        var answer = await peer.CheckAsync(ice.UsernameFragment, ice.Password, useCandidate: true);
        Assert.True(answer?.IsSuccess, "the check is answered on the connection it came over");
        Assert.Equal("tcp", transport.RemoteProtocol);
        Assert.Equal(peer.LocalEndPoint, transport.RemoteEndPoint);

        await peer.HandshakeAsync(transport.LocalFingerprint);
        await WebRtcTestFactory.EventuallyAsync(() => transport.State == WebRtcTransportState.Connected, TimeSpan.FromSeconds(15));

        // Peer → server: SRTP frames decrypt in the transport; server → peer: SendRtp goes back over the connection.
        var received = new List<ushort>();
        transport.RtpReceived += (_, packet) =>
        {
            if (RtpPacket.TryParse(packet.ToArray(), out var rtp))
            {
                lock (received)
                {
                    received.Add(rtp.SequenceNumber);
                }
            }
        };
        for (ushort sequence = 1; sequence <= 20; sequence++)
        {
            await peer.SendFrameAsync(ProtectRtp(peer, sequence, payload: 900));
        }

        await WebRtcTestFactory.EventuallyAsync(() => { lock (received) { return received.Count == 20; } });
        for (ushort sequence = 1; sequence <= 20; sequence++)
        {
            Assert.True(transport.SendRtp(Rtp(sequence, payload: 1000)));
        }

        for (int i = 0; i < 20; i++)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            var packet = await peer.Media.ReadAsync(timeout.Token);
            Assert.True(RtpPacket.TryParse(packet, out var rtp), "every frame the server sent decrypts");
            Assert.Equal((ushort)(i + 1), rtp.SequenceNumber);
        }

        var stats = transport.GetStats();
        Assert.Equal("tcp", stats.RemoteProtocol);
        Assert.Equal(20, stats.RtpPacketsIn);
        Assert.Equal(20, stats.RtpPacketsOut);
        Assert.Equal(0, stats.Drops[nameof(DropReason.SendFailed)]);
        Assert.Equal(0, server.UnmatchedDrops(DropReason.UnknownPeer));
    }

    [Fact]
    public async Task A_peer_that_stops_reading_loses_whole_packets_never_parts_of_one()
    {
        await using var server = StartServer(configure: o => o.IceTcp.SendBacklogBytes = 64 * 1024);
        await using var peer = await TcpMediaPeer.ConnectAsync(server.Port);
        var transport = await ConnectOverTcpAsync(server, peer);
        peer.Pause = true;

        // Far more than the kernel's buffers and the backlog hold while the peer does not read.
        int sent = 0;
        for (ushort sequence = 1; sequence <= 30_000; sequence++)
        {
            if (transport.SendRtp(Rtp(sequence, payload: 1100)))
            {
                sent++;
            }
        }

        Assert.True(server.GetIceTcpStats().SendBacklogDrops > 0, "a full backlog drops packets");
        Assert.True(sent < 30_000);
        peer.Pause = false;

        // Everything that was accepted arrives, each frame a whole SRTP packet that decrypts, in order.
        int previous = 0;
        for (int i = 0; i < sent; i++)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            var packet = await peer.Media.ReadAsync(timeout.Token);
            Assert.True(RtpPacket.TryParse(packet, out var rtp), $"frame {i} of {sent} decrypts");
            Assert.True(rtp.SequenceNumber > previous);
            previous = rtp.SequenceNumber;
        }
    }

    [Fact]
    public async Task Sending_rtp_over_a_tcp_connection_that_keeps_up_allocates_nothing()
    {
        await using var server = StartServer();
        await using var peer = await TcpMediaPeer.ConnectAsync(server.Port);
        var transport = await ConnectOverTcpAsync(server, peer);
        var packet = Rtp(0, payload: 1000);
        for (ushort sequence = 1; sequence <= 20; sequence++)
        {
            packet[2] = (byte)(sequence >> 8);
            packet[3] = (byte)sequence;
            transport.SendRtp(packet); // warm up: JIT, first-use caches
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 21; i <= 220; i++)
        {
            packet[2] = (byte)(i >> 8);
            packet[3] = (byte)i;
            Assert.True(transport.SendRtp(packet));
            if (i % 10 == 0)
            {
                Thread.Sleep(5); // a peer that keeps up: the kernel takes every frame at once, no backlog forms
            }
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public async Task Oversized_and_garbage_frames_are_dropped_and_counted_and_the_connection_keeps_working()
    {
        await using var server = StartServer();
        await using var peer = await TcpMediaPeer.ConnectAsync(server.Port);
        var transport = server.CreateTransport(WebRtcTestFactory.Settings(peer.Certificate, peer.Ufrag));
        long unknownBefore = server.UnmatchedDrops(DropReason.UnknownKind);
        long unknownPeerBefore = server.UnmatchedDrops(DropReason.UnknownPeer);

        await peer.SendFrameAsync(new byte[5000]);                       // longer than any media packet
        await peer.SendFrameAsync([0xFF, 0xFE, 0xFD, 0xFC, 0xFB]);        // no protocol of RFC 7983
        await peer.SendFrameAsync([]);                                   // empty
        await peer.SendFrameAsync(Rtp(1, payload: 10));                  // media before any check: unknown peer
        var answer = await peer.CheckAsync(transport.LocalIce.UsernameFragment, transport.LocalIce.Password, useCandidate: true);

        Assert.True(answer?.IsSuccess);
        var stats = server.GetIceTcpStats();
        Assert.Equal(1, stats.FramesOversized);
        Assert.Equal(unknownBefore + 2, server.UnmatchedDrops(DropReason.UnknownKind));
        Assert.Equal(unknownPeerBefore + 1, server.UnmatchedDrops(DropReason.UnknownPeer));
        Assert.Equal("tcp", transport.RemoteProtocol);
    }

    [Fact]
    public async Task A_connection_carries_one_transports_checks_only()
    {
        await using var server = StartServer();
        await using var peer = await TcpMediaPeer.ConnectAsync(server.Port);
        var first = server.CreateTransport(WebRtcTestFactory.Settings(peer.Certificate, peer.Ufrag));
        var second = server.CreateTransport(WebRtcTestFactory.Settings(peer.Certificate, peer.Ufrag));

        Assert.True((await peer.CheckAsync(first.LocalIce.UsernameFragment, first.LocalIce.Password, useCandidate: true))?.IsSuccess);
        var refused = await peer.CheckAsync(second.LocalIce.UsernameFragment, second.LocalIce.Password, useCandidate: true, wait: TimeSpan.FromMilliseconds(500));

        Assert.Null(refused);
        Assert.Null(second.RemoteProtocol);
        Assert.Equal(1, second.GetStats().Drops[nameof(DropReason.BadStun)]);
    }

    [Fact]
    public async Task A_connection_that_sends_no_valid_check_is_closed_after_the_stun_timeout()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        await using var server = StartServer(time, o => o.IceTcp.StunTimeout = TimeSpan.FromSeconds(10));
        await using var silent = await TcpMediaPeer.ConnectAsync(server.Port);
        await using var checking = await TcpMediaPeer.ConnectAsync(server.Port);
        var transport = server.CreateTransport(WebRtcTestFactory.Settings(checking.Certificate, checking.Ufrag));
        Assert.True((await checking.CheckAsync(transport.LocalIce.UsernameFragment, transport.LocalIce.Password, useCandidate: true))?.IsSuccess);
        await WebRtcTestFactory.EventuallyAsync(() => server.GetIceTcpStats().ConnectionsOpen == 2);

        time.Advance(TimeSpan.FromSeconds(9));
        await Task.Delay(200);
        Assert.False(silent.Closed.IsCompleted);

        time.Advance(TimeSpan.FromSeconds(2));
        await silent.Closed.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(checking.Closed.IsCompleted, "a connection with a valid check stays");
        Assert.Equal(1, server.GetIceTcpStats().ConnectionsTimedOut);

        // Its transport closing (here: never finishing DTLS) closes it too.
        time.Advance(TimeSpan.FromSeconds(30));
        await checking.Closed.WaitAsync(TimeSpan.FromSeconds(5));
        await WebRtcTestFactory.EventuallyAsync(() => server.GetIceTcpStats().ConnectionsOpen == 0);
    }

    [Fact]
    public async Task Connections_beyond_the_per_address_limit_are_closed_at_accept()
    {
        await using var server = StartServer(configure: o => o.IceTcp.MaxConnectionsPerAddress = 2);
        await using var first = await TcpMediaPeer.ConnectAsync(server.Port);
        await using var second = await TcpMediaPeer.ConnectAsync(server.Port);
        await WebRtcTestFactory.EventuallyAsync(() => server.GetIceTcpStats().ConnectionsOpen == 2);

        await using var third = await TcpMediaPeer.ConnectAsync(server.Port);

        await third.Closed.WaitAsync(TimeSpan.FromSeconds(5));
        var stats = server.GetIceTcpStats();
        Assert.Equal(1, stats.ConnectionsRefused);
        Assert.Equal(2, stats.ConnectionsOpen);

        // A slot freed is a slot again.
        await first.DisposeAsync();
        await WebRtcTestFactory.EventuallyAsync(() => server.GetIceTcpStats().ConnectionsOpen == 1);
        await using var fourth = await TcpMediaPeer.ConnectAsync(server.Port);
        await WebRtcTestFactory.EventuallyAsync(() => server.GetIceTcpStats().ConnectionsOpen == 2);
        Assert.False(fourth.Closed.IsCompleted);
    }

    [Fact]
    public async Task A_udp_check_with_use_candidate_moves_the_transport_off_tcp_and_back()
    {
        await using var server = StartServer();
        await using var peer = await TcpMediaPeer.ConnectAsync(server.Port);
        var transport = server.CreateTransport(WebRtcTestFactory.Settings(peer.Certificate, peer.Ufrag));
        var ice = transport.LocalIce;
        Assert.True((await peer.CheckAsync(ice.UsernameFragment, ice.Password, useCandidate: false))?.IsSuccess);
        Assert.Equal("tcp", transport.RemoteProtocol); // the first valid check fixes the path

        using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        await udp.SendAsync(peer.WriteCheck(ice.UsernameFragment, ice.Password, useCandidate: true), new IPEndPoint(IPAddress.Loopback, server.Port));
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            await udp.ReceiveAsync(timeout.Token);
        }

        Assert.Equal("udp", transport.RemoteProtocol);
        Assert.True((await peer.CheckAsync(ice.UsernameFragment, ice.Password, useCandidate: true))?.IsSuccess);
        Assert.Equal("tcp", transport.RemoteProtocol);
    }

    private static WebRtcServer StartServer(TimeProvider? time = null, Action<MediaOptions>? configure = null, string[]? addresses = null)
    {
        var options = new MediaOptions { UdpPort = 0 };
        foreach (var address in addresses ?? ["127.0.0.1"])
        {
            options.AnnouncedAddresses.Add(address);
        }

        configure?.Invoke(options);
        return WebRtcServer.Start(options, time);
    }

    private static async Task<WebRtcTransport> ConnectOverTcpAsync(WebRtcServer server, TcpMediaPeer peer)
    {
        var transport = server.CreateTransport(WebRtcTestFactory.Settings(peer.Certificate, peer.Ufrag));
        Assert.True((await peer.CheckAsync(transport.LocalIce.UsernameFragment, transport.LocalIce.Password, useCandidate: true))?.IsSuccess);
        await peer.HandshakeAsync(transport.LocalFingerprint);
        await WebRtcTestFactory.EventuallyAsync(() => transport.State == WebRtcTransportState.Connected, TimeSpan.FromSeconds(15));
        return transport;
    }

    private static async Task ConnectTcpAsync(int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
    }

    private static byte[] Rtp(ushort sequence, int payload)
    {
        var buffer = new byte[payload + 12];
        var writer = new RtpPacketWriter(buffer, 96, sequence, sequence * 3000u, 0xC0FFEE);
        writer.WritePayload(new byte[payload]);
        return writer.Written.ToArray();
    }

    private static byte[] ProtectRtp(TcpMediaPeer peer, ushort sequence, int payload)
    {
        var plain = Rtp(sequence, payload);
        var buffer = new byte[plain.Length + 64];
        plain.CopyTo(buffer, 0);
        Assert.True(peer.Srtp!.TryProtectRtp(buffer, plain.Length, out int length));
        return buffer[..length];
    }
}
