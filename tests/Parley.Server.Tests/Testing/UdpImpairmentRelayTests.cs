using System.Net;
using System.Net.Sockets;
using Parley.Testing;

namespace Parley.Server.Tests.Testing;

/// <summary>The loss relay the media end-to-end tests put between Chromium and the server.</summary>
public sealed class UdpImpairmentRelayTests
{
    [Fact]
    public async Task It_drops_about_the_configured_share_of_RTP_and_passes_everything_else_both_ways()
    {
        using var server = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        server.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        await using var relay = new UdpImpairmentRelay(
            new IPEndPoint(IPAddress.Loopback, 0), (IPEndPoint)server.LocalEndPoint!, IPAddress.Loopback, rtpLossRate: 0.2, seed: 7);
        using var peer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        peer.Bind(new IPEndPoint(IPAddress.Loopback, 0));

        const int RtpCount = 1000;
        var rtp = new byte[100];
        rtp[0] = 0x80;
        rtp[1] = 96;
        var stun = new byte[20];       // first byte 0: STUN (RFC 7983)
        var rtcp = new byte[12];
        rtcp[0] = 0x80;
        rtcp[1] = 201;                 // receiver report

        var (stunSeen, rtcpSeen, rtpSeen, serverSawFrom) = (0, 0, 0, (EndPoint?)null);
        var received = Task.Run(async () =>
        {
            var buffer = new byte[2048];
            using var quiet = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            while (stunSeen < 10 || rtcpSeen < 10 || rtpSeen + relay.RtpDropped < RtpCount)
            {
                var result = await server.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0), quiet.Token);
                serverSawFrom = result.RemoteEndPoint;
                switch (buffer[0])
                {
                    case 0: stunSeen++; break;
                    case 0x80 when buffer[1] == 201: rtcpSeen++; break;
                    default: Interlocked.Increment(ref rtpSeen); break;
                }
            }
        });

        for (var i = 0; i < 10; i++)
        {
            await peer.SendToAsync(stun, relay.ListenEndPoint);
            await peer.SendToAsync(rtcp, relay.ListenEndPoint);
        }
        for (var i = 0; i < RtpCount; i++)
        {
            await peer.SendToAsync(rtp, relay.ListenEndPoint);
            if (i % 50 == 49)
            {
                // Loss must be the relay's, never the kernel's: on a loaded machine the receiver may fall behind and a
                // loopback socket's buffer overflow, so each batch waits until the previous one is accounted for.
                var accountedFor = i + 1 - 50;
                var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
                while (Volatile.Read(ref rtpSeen) + relay.RtpDropped < accountedFor && DateTime.UtcNow < deadline)
                {
                    await Task.Delay(1);
                }
            }
        }
        await received;

        Assert.Equal(10, stunSeen);
        Assert.Equal(10, rtcpSeen);
        Assert.Equal(RtpCount, rtpSeen + relay.RtpDropped);
        Assert.InRange(relay.RtpDropped, 140, 260);   // 20 % of 1000, binomial sd ≈ 13
        Assert.NotEqual(relay.ListenEndPoint, serverSawFrom);

        // The server's reply reaches the peer from the relay's listen address.
        await server.SendToAsync(stun, serverSawFrom!);
        var back = new byte[64];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var reply = await peer.ReceiveFromAsync(back, new IPEndPoint(IPAddress.Any, 0), timeout.Token);
        Assert.Equal(relay.ListenEndPoint, reply.RemoteEndPoint);
    }
}
