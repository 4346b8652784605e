using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Parley.Rtp;
using Parley.Sdp;
using Parley.Testing;
using Parley.WebRtc.Client;
using Parley.WebRtc.Echo;
using Parley.WebRtc.Transport;

namespace Parley.WebRtc.Tests;

/// <summary>
/// The media port over IPv6: ICE, DTLS and SRTP echo with the C# client on [::1], an IPv6-only and a dual-stack
/// server (IPv4 and IPv6 peers routed to their own transports), and RFC 8839 candidates in the echo endpoint's answer.
/// Needs the IPv6 loopback (<c>ip -6 addr show lo</c> lists ::1); without it these tests fail, they do not skip.
/// </summary>
public sealed class Ipv6EchoTests
{
    [Fact]
    public async Task A_server_announcing_only_the_ipv6_loopback_echoes_srtp_from_a_client_on_ipv6()
    {
        await using var server = StartServer(["::1"]);
        Assert.Equal([IPAddress.IPv6Loopback], server.AnnouncedAddresses);
        Assert.Equal(AddressFamily.InterNetworkV6, server.LocalEndPoint.AddressFamily);

        await using var client = new WebRtcClientConnection(IPAddress.IPv6Loopback);
        var transport = await ConnectAsync(server, client, new IPEndPoint(IPAddress.IPv6Loopback, server.Port));
        using var echo = new EchoReflector(transport);

        await AssertEchoesAsync(client, ssrc: 0x6666_0001);
        Assert.Equal(IPAddress.IPv6Loopback, transport.RemoteEndPoint?.Address);
        Assert.Equal(new IPEndPoint(IPAddress.IPv6Loopback, server.Port), client.RemoteEndPoint);
    }

    [Fact]
    public async Task A_dual_stack_server_echoes_an_ipv4_and_an_ipv6_client_at_once_each_on_its_own_transport()
    {
        await using var server = StartServer(["127.0.0.1", "::1"]);
        Assert.Equal([IPAddress.Loopback, IPAddress.IPv6Loopback], server.AnnouncedAddresses);

        await using var echo = await EchoFromBothFamiliesAsync(server, ssrcV4: 0x4444_0004, ssrcV6: 0x6666_0006);

        // Each transport saw only its own peer's packets, from its own address family.
        Assert.Equal(AddressFamily.InterNetwork, echo.TransportV4.RemoteEndPoint?.AddressFamily);
        Assert.Equal(AddressFamily.InterNetworkV6, echo.TransportV6.RemoteEndPoint?.AddressFamily);
        Assert.Equal(PacketsPerEcho, echo.TransportV4.GetStats().RtpPacketsIn);
        Assert.Equal(PacketsPerEcho, echo.TransportV6.GetStats().RtpPacketsIn);
    }

    [Fact]
    public async Task The_echo_endpoints_answer_carries_ipv6_host_candidates_in_rfc_8839_syntax_and_the_client_connects_through_them()
    {
        await using var web = await ParleyTestServer.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Media:UdpPort"] = "0",
            ["Media:AnnouncedAddresses:0"] = "127.0.0.1",
            ["Media:AnnouncedAddresses:1"] = "::1",
        });
        await using var client = new WebRtcClientConnection(IPAddress.IPv6Loopback);
        using var http = web.CreateClient();
        var offer = BuildOffer(client, ssrc: 0x6666_0600);
        using var content = new StringContent(offer.ToString(), Encoding.UTF8, "application/sdp");
        using var response = await http.PostAsync(new Uri("/api/echo", UriKind.Relative), content);
        string answerText = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, answerText);

        // https://www.rfc-editor.org/rfc/rfc8839#section-5.1 — connection-address is a bare IPv6 address (no brackets,
        // no zone), followed by the port: "a=candidate:<foundation> 1 udp <priority> ::1 <port> typ host".
        // (The ICE-TCP candidates of the same addresses follow the UDP ones; IceTcpTests covers those.)
        var candidateLines = answerText.Split("\r\n").Where(line => line.StartsWith("a=candidate:", StringComparison.Ordinal) && line.Contains(" udp ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, candidateLines.Count);
        var ipv6Line = Assert.Single(candidateLines, line => line.Contains(' ' + "::1" + ' ', StringComparison.Ordinal));
        Assert.DoesNotContain('[', ipv6Line);
        Assert.DoesNotContain('%', ipv6Line);
        Assert.True(IceCandidate.TryParse(ipv6Line, out var candidate));
        Assert.Equal(IceCandidate.RtpComponent, candidate!.Component);
        Assert.Equal("udp", candidate.Transport);
        Assert.Equal("host", candidate.Type);
        Assert.True(IPAddress.TryParse(candidate.Address, out var address));
        Assert.Equal(IPAddress.IPv6Loopback, address);
        Assert.Matches(@"^a=candidate:\S{1,32} 1 udp \d{1,10} ::1 \d{1,5} typ host$", ipv6Line);

        // The IPv4 candidate is listed first, so it has the higher priority (RFC 8445 §5.1.2.1).
        Assert.True(IceCandidate.TryParse(candidateLines[0], out var first));
        Assert.Equal("127.0.0.1", first!.Address);
        Assert.True(first.Priority > candidate.Priority);

        // And the candidate is real: ICE, DTLS and SRTP echo through it.
        Assert.True(SessionDescription.TryParse(answerText, out var answer, out var parseError), parseError);
        Assert.True(SdpOfferBuilder.TryReadAnswer(offer, answer!, out var negotiation, out var answerError), answerError);
        var remote = negotiation!.RemoteTransport;
        await client.ConnectAsync(
            [new IPEndPoint(address, candidate.Port)],
            remote.IceUfrag,
            remote.IcePwd,
            remote.Fingerprint);
        await AssertEchoesAsync(client, ssrc: 0x6666_0600);
    }

    [Fact]
    public async Task An_ipv6_only_echo_answer_names_the_ipv6_candidate_as_default_in_its_c_and_m_lines()
    {
        await using var web = await ParleyTestServer.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Media:UdpPort"] = "0",
            ["Media:AnnouncedAddresses:0"] = "::1",
        });
        await using var client = new WebRtcClientConnection(IPAddress.IPv6Loopback);
        using var http = web.CreateClient();
        using var content = new StringContent(BuildOffer(client, ssrc: 0x6666_0700).ToString(), Encoding.UTF8, "application/sdp");
        using var response = await http.PostAsync(new Uri("/api/echo", UriKind.Relative), content);
        string answerText = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, answerText);

        // JSEP (RFC 8829 §5.3.1): m= port and c= come from the default candidate; an IPv6 one needs "IN IP6" (RFC 8866 §5.7).
        Assert.True(SessionDescription.TryParse(answerText, out var answer, out var parseError), parseError);
        var section = Assert.Single(answer!.Media);
        var candidate = section.Candidates.First();
        Assert.Equal("udp", candidate.Transport);
        Assert.All(section.Candidates, c => Assert.Equal("::1", c.Address));
        var connection = Assert.Single(section.Connections);
        Assert.Equal(("IN", "IP6", "::1"), (connection.NetworkType, connection.AddressType, connection.Address));
        Assert.Equal(candidate.Port, section.Port);
        Assert.Contains("\r\nc=IN IP6 ::1\r\n", answerText, StringComparison.Ordinal);
    }

    private const int PacketsPerEcho = 100;

    [Fact]
    public async Task An_ipv4_peer_on_a_dual_mode_ipv6_socket_arrives_ipv4_mapped_and_is_routed_to_its_transport()
    {
        await using var server = StartServer(["127.0.0.1", "::1"], bindAddress: "::");
        Assert.Equal(AddressFamily.InterNetworkV6, server.LocalEndPoint.AddressFamily);

        await using var echo = await EchoFromBothFamiliesAsync(server, ssrcV4: 0x4444_0044, ssrcV6: 0x6666_0066);

        var mapped = echo.TransportV4.RemoteEndPoint!;
        Assert.True(mapped.Address.IsIPv4MappedToIPv6, $"expected an IPv4-mapped source, got {mapped}");
        Assert.Equal(IPAddress.Loopback, mapped.Address.MapToIPv4());
        Assert.Equal(echo.ClientV4.LocalEndPoint.Port, mapped.Port);
        Assert.Equal(IPAddress.IPv6Loopback, echo.TransportV6.RemoteEndPoint?.Address);
        Assert.Equal(PacketsPerEcho, echo.TransportV4.GetStats().RtpPacketsIn);
        Assert.Equal(PacketsPerEcho, echo.TransportV6.GetStats().RtpPacketsIn);
    }

    [Fact]
    public async Task Announcing_addresses_that_are_not_local_with_one_ipv6_binds_a_dual_mode_socket_that_both_families_reach()
    {
        // Documentation addresses (RFC 5737, RFC 3849) stand for a NAT's public addresses: not on this host.
        await using var server = StartServer(["203.0.113.7", "2001:db8::7"]);
        Assert.Equal(new IPEndPoint(IPAddress.IPv6Any, server.Port), server.LocalEndPoint);

        await using var echo = await EchoFromBothFamiliesAsync(server, ssrcV4: 0x4444_0045, ssrcV6: 0x6666_0067);
    }

    private static WebRtcServer StartServer(string[] announced, string? bindAddress = null)
    {
        var options = new MediaOptions { UdpPort = 0, BindAddress = bindAddress };
        foreach (var address in announced)
        {
            options.AnnouncedAddresses.Add(address);
        }

        return WebRtcServer.Start(options);
    }

    private static async Task<WebRtcTransport> ConnectAsync(WebRtcServer server, WebRtcClientConnection client, IPEndPoint serverEndPoint)
    {
        var transport = server.CreateTransport(WebRtcTestFactory.Settings(client.Certificate, client.LocalIce.UsernameFragment));
        await client.ConnectAsync([serverEndPoint], transport.LocalIce.UsernameFragment, transport.LocalIce.Password, transport.LocalFingerprint);
        await WebRtcTestFactory.EventuallyAsync(() => transport.State == WebRtcTransportState.Connected);
        return transport;
    }

    /// <summary>
    /// Connects one client from 127.0.0.1 and one from [::1] to the server's port (in its own address family each),
    /// puts an echo on both transports and checks both echo their own packets at the same time.
    /// </summary>
    private static async Task<DualFamilyEcho> EchoFromBothFamiliesAsync(WebRtcServer server, uint ssrcV4, uint ssrcV6)
    {
        var echo = new DualFamilyEcho(new WebRtcClientConnection(IPAddress.Loopback), new WebRtcClientConnection(IPAddress.IPv6Loopback));
        try
        {
            echo.TransportV4 = await ConnectAsync(server, echo.ClientV4, new IPEndPoint(IPAddress.Loopback, server.Port));
            echo.TransportV6 = await ConnectAsync(server, echo.ClientV6, new IPEndPoint(IPAddress.IPv6Loopback, server.Port));
            echo.Reflectors.Add(new EchoReflector(echo.TransportV4));
            echo.Reflectors.Add(new EchoReflector(echo.TransportV6));
            await Task.WhenAll(AssertEchoesAsync(echo.ClientV4, ssrcV4), AssertEchoesAsync(echo.ClientV6, ssrcV6));
            return echo;
        }
        catch
        {
            await echo.DisposeAsync();
            throw;
        }
    }

    /// <summary>The two clients, their server-side transports and echoes; disposing stops the echoes and closes the clients.</summary>
    private sealed class DualFamilyEcho(WebRtcClientConnection clientV4, WebRtcClientConnection clientV6) : IAsyncDisposable
    {
        public WebRtcClientConnection ClientV4 { get; } = clientV4;

        public WebRtcClientConnection ClientV6 { get; } = clientV6;

        public WebRtcTransport TransportV4 { get; set; } = null!;

        public WebRtcTransport TransportV6 { get; set; } = null!;

        public List<EchoReflector> Reflectors { get; } = [];

        public async ValueTask DisposeAsync()
        {
            foreach (var reflector in Reflectors)
            {
                reflector.Dispose();
            }

            await ClientV4.DisposeAsync();
            await ClientV6.DisposeAsync();
        }
    }

    /// <summary>Sends <see cref="PacketsPerEcho"/> RTP packets and waits until each came back decrypted and byte-identical.</summary>
    private static async Task AssertEchoesAsync(WebRtcClientConnection client, uint ssrc)
    {
        var received = new ConcurrentDictionary<ushort, byte[]>();
        client.RtpReceived += packet =>
        {
            if (BinaryPrimitives.ReadUInt32BigEndian(packet[8..]) == ssrc)
            {
                received[BinaryPrimitives.ReadUInt16BigEndian(packet[2..])] = packet.ToArray();
            }
        };

        // UDP may drop a burst on a loaded machine (seen: one burst of 25 lost under a full test run); what this test
        // proves is the IPv6 path and byte-identical echoes, so missing ones are made up with fresh packets (a resent
        // index would be an SRTP replay), in at most four rounds.
        var sent = new Dictionary<ushort, byte[]>();
        var buffer = new byte[1500];
        ushort next = 0;
        for (var round = 0; round < 4 && received.Count < PacketsPerEcho; round++)
        {
            for (var missing = PacketsPerEcho - received.Count; missing > 0; missing--, next++)
            {
                var writer = new RtpPacketWriter(buffer, payloadType: 96, next, timestamp: next * 3000u, ssrc);
                writer.BeginPayload(600).Fill((byte)next);
                sent[next] = writer.Written.ToArray();
                Assert.True(client.SendRtp(writer.Written));
                if (next % 25 == 24)
                {
                    await Task.Delay(5); // bursts, not a flood that overruns loopback buffers
                }
            }

            for (var wait = 0; wait < 150 && received.Count < PacketsPerEcho; wait++)
            {
                await Task.Delay(20);
            }
        }

        Assert.True(received.Count >= PacketsPerEcho, $"{received.Count} of {sent.Count} packets came back over {client.RemoteEndPoint}");
        foreach (var (sequence, packet) in received)
        {
            Assert.Equal(sent[sequence], packet);
        }
    }

    /// <summary>An offer like the C# echo client's: one VP8 section, our IPv6 host candidate, DTLS actpass.</summary>
    private static SessionDescription BuildOffer(WebRtcClientConnection client, uint ssrc)
    {
        var fingerprint = client.Certificate.Fingerprint;
        var transport = new LocalTransportParameters(
            client.LocalIce.UsernameFragment,
            client.LocalIce.Password,
            fingerprint)
        {
            IceLite = false,
        };
        transport.Candidates.Add(IceCandidate.Host("1", client.LocalEndPoint.Address.ToString(), client.LocalEndPoint.Port));
        var video = new OfferMediaSection("0", MediaDescription.Video) { Direction = MediaDirection.SendRecv };
        video.Codecs.Add(OfferCodec.Vp8(96, rtxPayloadType: null));
        video.Stream = new LocalMediaStream("parley", "video", ssrc, "parley-ipv6");
        return SdpOfferBuilder.Build(new SdpOfferOptions(transport), [video]);
    }
}
