using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using Parley.Rtp;
using Parley.WebRtc.Client;
using Parley.WebRtc.Transport;

namespace Parley.WebRtc.Tests;

/// <summary>
/// The outgoing SRTP path the SFU forwards on: WebRtcTransport.SendRtp from any thread, copying the caller's packet
/// into the transport's own buffer under its send lock, encrypting there, and allocating nothing.
/// </summary>
public sealed class SendPathTests
{
    [Fact]
    public async Task Sending_from_many_threads_at_once_delivers_every_packet_decryptable()
    {
        await using var server = WebRtcTestFactory.StartServer();
        await using var client = new WebRtcClientConnection();
        var transport = await ConnectAsync(server, client);
        var received = new ConcurrentDictionary<uint, byte>();
        client.RtpReceived += packet => received[BinaryPrimitives.ReadUInt32BigEndian(packet[8..])] = packet[12];

        // Four senders (SSRC 1..4), each on its own thread, interleaving on the one transport.
        await Task.WhenAll(Enumerable.Range(1, 4).Select(ssrc => Task.Run(async () =>
        {
            var buffer = new byte[200]; // owned by this sender; SendRtp copies it before returning
            for (ushort sequence = 0; sequence < 50; sequence++)
            {
                var writer = new RtpPacketWriter(buffer, 96, sequence, sequence * 3000u, (uint)ssrc);
                writer.WritePayload(new byte[100]);
                Assert.True(transport.SendRtp(writer.Written));
                if (sequence % 10 == 9)
                {
                    await Task.Delay(2);
                }
            }
        })));

        await WebRtcTestFactory.EventuallyAsync(() => client.GetStats().RtpPacketsIn == 200, because: $"{client.GetStats().RtpPacketsIn} of 200 arrived");
        Assert.Equal(4, received.Count);
        Assert.Equal(0, client.GetStats().Drops[nameof(DropReason.SrtpUnprotectFailed)]);
    }

    [Fact]
    public async Task Sending_rtp_off_the_receive_loops_allocates_nothing()
    {
        await using var server = WebRtcTestFactory.StartServer();
        await using var client = new WebRtcClientConnection();
        var transport = await ConnectAsync(server, client);
        var buffer = new byte[1200];
        var writer = new RtpPacketWriter(buffer, 96, 0, 0, 0x5151);
        writer.WritePayload(new byte[1000]);
        var packet = writer.Written.ToArray();
        for (int i = 0; i < 20; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)i);
            transport.SendRtp(packet); // warm up: JIT, first-use caches
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 20; i < 220; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)i);
            transport.SendRtp(packet);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static async Task<WebRtcTransport> ConnectAsync(WebRtcServer server, WebRtcClientConnection client)
    {
        var transport = server.CreateTransport(WebRtcTestFactory.Settings(client.Certificate, client.LocalIce.UsernameFragment));
        await client.ConnectAsync(
            [new IPEndPoint(IPAddress.Loopback, server.Port)], transport.LocalIce.UsernameFragment, transport.LocalIce.Password, transport.LocalFingerprint);
        await WebRtcTestFactory.EventuallyAsync(() => transport.State == WebRtcTransportState.Connected);
        return transport;
    }
}
