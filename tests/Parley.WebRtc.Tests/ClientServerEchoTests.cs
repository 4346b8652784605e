using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Time.Testing;
using Parley.Rtp;
using Parley.Srtp;
using Parley.WebRtc.Client;
using Parley.WebRtc.Echo;
using Parley.WebRtc.Transport;

namespace Parley.WebRtc.Tests;

/// <summary>The C# client and the server over real loopback UDP: ICE, DTLS, SRTP for each profile, echo, consent.</summary>
public sealed class ClientServerEchoTests
{
    public static TheoryData<SrtpProfile> Profiles =>
    [
        SrtpProfile.AeadAes128Gcm,
        SrtpProfile.AeadAes256Gcm,
        SrtpProfile.AesCm128HmacSha1_80,
        SrtpProfile.AesCm128HmacSha1_32,
    ];

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task The_client_gets_every_rtp_packet_back_decrypted_with_the_servers_preferred_profile(SrtpProfile profile)
    {
        await using var server = WebRtcTestFactory.StartServer();
        await using var client = new WebRtcClientConnection();
        var transport = await ConnectAsync(server, client, [profile]);
        using var echo = new EchoReflector(transport);
        var received = new ConcurrentDictionary<ushort, byte[]>();
        client.RtpReceived += packet => received[BinaryPrimitives.ReadUInt16BigEndian(packet[2..])] = packet.ToArray();

        var sent = new Dictionary<ushort, byte[]>();
        var buffer = new byte[1500];
        for (ushort sequence = 0; sequence < 300; sequence++)
        {
            var writer = new RtpPacketWriter(buffer, payloadType: 96, sequence, timestamp: sequence * 3000u, ssrc: 0x1234_5678, marker: sequence % 5 == 4);
            var payload = writer.BeginPayload(900);
            payload.Fill((byte)sequence);
            sent[sequence] = writer.Written.ToArray();
            Assert.True(client.SendRtp(writer.Written));
            if (sequence % 50 == 49)
            {
                await Task.Delay(5); // a burst per video frame, not a flood that overruns loopback buffers
            }
        }

        await WebRtcTestFactory.EventuallyAsync(() => received.Count == sent.Count, because: $"{received.Count} of {sent.Count} packets came back");
        foreach (var (sequence, packet) in sent)
        {
            Assert.Equal(packet, received[sequence]);
        }

        Assert.Equal(profile, client.SrtpProfile);
        Assert.Equal(profile, transport.SrtpProfile);
        var stats = transport.GetStats();
        Assert.Equal(SrtpProfileNames.ToName(profile), stats.SrtpProfile);
        Assert.Equal(300, stats.RtpPacketsIn);
        Assert.Equal(300, stats.RtpPacketsOut);
        Assert.Equal(0, stats.Drops[nameof(DropReason.SrtpUnprotectFailed)]);
    }

    [Fact]
    public async Task The_server_picks_the_first_profile_of_its_order_that_the_client_offers()
    {
        await using var server = WebRtcTestFactory.StartServer(srtpProfiles: "AES_CM_128_HMAC_SHA1_80,AEAD_AES_256_GCM");
        await using var client = new WebRtcClientConnection();
        var transport = server.CreateTransport(WebRtcTestFactory.Settings(client.Certificate, client.LocalIce.UsernameFragment));

        await client.ConnectAsync(
            [new IPEndPoint(IPAddress.Loopback, server.Port)], transport.LocalIce.UsernameFragment, transport.LocalIce.Password,
            transport.LocalFingerprint, [SrtpProfile.AeadAes128Gcm, SrtpProfile.AeadAes256Gcm, SrtpProfile.AesCm128HmacSha1_80]);

        await WebRtcTestFactory.EventuallyAsync(() => transport.State == WebRtcTransportState.Connected);
        Assert.Equal(SrtpProfile.AesCm128HmacSha1_80, transport.SrtpProfile);
        Assert.Equal(["AEAD_AES_128_GCM", "AEAD_AES_256_GCM", "AES_CM_128_HMAC_SHA1_80"], transport.GetStats().OfferedSrtpProfiles);
    }

    [Fact]
    public async Task Feedback_is_reflected_and_receiver_reports_flow_so_the_sender_can_measure_rtt()
    {
        await using var server = WebRtcTestFactory.StartServer();
        await using var client = new WebRtcClientConnection();
        var transport = await ConnectAsync(server, client, null);
        using var echo = new EchoReflector(transport, reportInterval: TimeSpan.FromMilliseconds(100));
        var rtcpTypes = new ConcurrentBag<int>();
        client.RtcpReceived += packet =>
        {
            for (int offset = 0; offset + 4 <= packet.Length; offset += (BinaryPrimitives.ReadUInt16BigEndian(packet[(offset + 2)..]) + 1) * 4)
            {
                rtcpTypes.Add(packet[offset + 1]);
            }
        };
        client.RtpReceived += _ => { };
        var buffer = new byte[200];
        var writer = new RtpPacketWriter(buffer, 96, 1, 1, 0xCAFE);
        writer.WritePayload(new byte[20]);
        client.SendRtp(writer.Written);

        // PLI (RFC 4585 §6.3.1): PT 206, FMT 1, sender SSRC, media SSRC.
        byte[] pli = [0x81, 206, 0, 2, 0, 0, 0, 9, 0, 0, 0xCA, 0xFE];
        Assert.True(client.SendRtcp(pli));

        await WebRtcTestFactory.EventuallyAsync(() => rtcpTypes.Contains(206) && rtcpTypes.Contains(201), because: $"RTCP types seen: {string.Join(",", rtcpTypes)}");
        Assert.Equal(1, echo.FeedbackReflected);
    }

    [Fact]
    public async Task A_connected_peer_that_goes_silent_loses_consent_after_the_timeout()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = WebRtcTestFactory.StartServer(time);
        await using var client = new WebRtcClientConnection();
        var transport = await ConnectAsync(server, client, null);
        var closed = new TaskCompletionSource<TransportCloseReason>();
        transport.StateChanged += (t, state) =>
        {
            if (state == WebRtcTransportState.Closed)
            {
                closed.TrySetResult(t.CloseReason);
            }
        };

        time.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(WebRtcTransportState.Connected, transport.State);

        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(TransportCloseReason.ConsentExpired, await closed.Task.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Empty(server.Transports);
    }

    [Fact]
    public async Task Media_from_the_peer_renews_consent()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = WebRtcTestFactory.StartServer(time);
        await using var client = new WebRtcClientConnection();
        var transport = await ConnectAsync(server, client, null);
        var buffer = new byte[100];

        for (int i = 0; i < 4; i++)
        {
            time.Advance(TimeSpan.FromSeconds(20));
            var writer = new RtpPacketWriter(buffer, 111, (ushort)i, (uint)i * 960, 0xAB);
            writer.WritePayload(new byte[10]);
            client.SendRtp(writer.Written);
            long expected = i + 1;
            await WebRtcTestFactory.EventuallyAsync(() => transport.GetStats().RtpPacketsIn == expected);
        }

        Assert.Equal(WebRtcTransportState.Connected, transport.State); // 80 s in, never 30 s silent
    }

    [Fact]
    public async Task A_transport_nobody_connects_to_is_closed_after_the_connect_timeout()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = WebRtcTestFactory.StartServer(time);
        var transport = server.CreateTransport(WebRtcTestFactory.Settings("peer"));

        time.Advance(TimeSpan.FromSeconds(21));

        Assert.Equal(WebRtcTransportState.Closed, transport.State);
        Assert.Equal(TransportCloseReason.ConnectTimeout, transport.CloseReason);
        Assert.False(server.TryGetTransport(transport.Id, out _));
    }

    private static async Task<WebRtcTransport> ConnectAsync(WebRtcServer server, WebRtcClientConnection client, IReadOnlyList<SrtpProfile>? serverProfiles)
    {
        var transport = server.CreateTransport(WebRtcTestFactory.Settings(client.Certificate, client.LocalIce.UsernameFragment, serverProfiles));
        await client.ConnectAsync(
            [new IPEndPoint(IPAddress.Loopback, server.Port)], transport.LocalIce.UsernameFragment, transport.LocalIce.Password, transport.LocalFingerprint);
        // The client finishes DTLS first (it receives the server's last flight); the server follows within a round trip.
        await WebRtcTestFactory.EventuallyAsync(() => transport.State == WebRtcTransportState.Connected);
        return transport;
    }
}
