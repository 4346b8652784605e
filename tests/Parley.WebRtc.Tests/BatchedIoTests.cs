using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Parley.Rtp;
using Parley.WebRtc.Client;
using Parley.WebRtc.Echo;
using Parley.WebRtc.Io;
using Parley.WebRtc.Transport;

namespace Parley.WebRtc.Tests;

/// <summary>
/// recvmmsg/sendmmsg batching (Linux) over real loopback sockets, and the recvfrom/sendto fallback it must match.
/// Partial sends and full kernel buffers cannot be produced on demand, so those tests substitute the transmitter
/// around the real sendmmsg.
/// </summary>
public sealed class BatchedIoTests
{
    private const int SlotLength = WebRtcServer.ReceiveBufferLength;

    public static TheoryData<bool> BatchedAndNot => [true, false];

    [LinuxFact]
    public void Datagrams_already_queued_from_interleaved_peers_come_back_in_one_receive_with_their_sources()
    {
        using var server = BoundSocket();
        using var peerA = BoundSocket();
        using var peerB = BoundSocket();
        using var peerC = BoundSocket();
        Socket[] peers = [peerA, peerB, peerC];
        for (int i = 0; i < 30; i++)
        {
            peers[i % 3].SendTo(new byte[] { (byte)i, (byte)(i % 3), 0xEE }, server.LocalEndPoint!);
        }

        WaitUntilReadable(server, 30 * 3);
        var receiver = new BatchedReceiver(server, 64, SlotLength);
        int count = receiver.Receive();

        Assert.Equal(30, count);
        var source = new SocketAddress(AddressFamily.InterNetwork);
        for (int i = 0; i < count; i++)
        {
            var datagram = receiver.Datagram(i);
            Assert.Equal(3, datagram.Length);
            Assert.Equal((byte)i, datagram[0]);
            Assert.False(receiver.IsTruncated(i));
            receiver.CopySource(i, source);
            Assert.Equal(peers[datagram[1]].LocalEndPoint!.Serialize(), source);
        }
    }

    [LinuxFact]
    public void A_receive_takes_at_most_its_capacity_and_the_rest_waits_for_the_next_call()
    {
        using var server = BoundSocket();
        using var peer = BoundSocket();
        for (int i = 0; i < 10; i++)
        {
            peer.SendTo(new byte[] { (byte)i }, server.LocalEndPoint!);
        }

        WaitUntilReadable(server, 10);
        var receiver = new BatchedReceiver(server, 4, SlotLength);

        Assert.Equal(4, receiver.Receive());
        Assert.Equal(3, receiver.Datagram(3)[0]);
        Assert.Equal(4, receiver.Receive());
        Assert.Equal(4, receiver.Datagram(0)[0]);
        Assert.Equal(2, receiver.Receive());
        Assert.Equal(9, receiver.Datagram(1)[0]);
    }

    [LinuxFact]
    public void An_oversized_datagram_is_marked_truncated()
    {
        using var server = BoundSocket();
        using var peer = BoundSocket();
        peer.SendTo(new byte[100], server.LocalEndPoint!);

        var receiver = new BatchedReceiver(server, 8, 64);

        Assert.Equal(1, receiver.Receive());
        Assert.True(receiver.IsTruncated(0));
        Assert.Equal(64, receiver.Datagram(0).Length);
    }

    [LinuxFact]
    public async Task Disposing_the_socket_unblocks_a_receive_waiting_for_the_first_datagram()
    {
        var server = BoundSocket();
        var receiver = new BatchedReceiver(server, 8, SlotLength);
        var waiting = new ManualResetEventSlim();
        var loop = Task.Factory.StartNew(
            () =>
            {
                waiting.Set();
                try
                {
                    while (receiver.Receive() is var count && (count == 0 || receiver.Datagram(0).Length > 0))
                    {
                    }

                    return "zero-length reads after shutdown";
                }
                catch (ObjectDisposedException)
                {
                    return "disposed";
                }
            },
            TaskCreationOptions.LongRunning);
        waiting.Wait();
        await Task.Delay(100); // let it block in recvmmsg

        server.Dispose();

        Assert.Same(loop, await Task.WhenAny(loop, Task.Delay(TimeSpan.FromSeconds(5))));
        Assert.Contains(await loop, new[] { "disposed", "zero-length reads after shutdown" });
    }

    [LinuxFact]
    public async Task A_send_batch_delivers_each_datagram_to_its_own_peer_with_one_flush()
    {
        using var server = BoundSocket();
        using var peerA = BoundSocket();
        using var peerB = BoundSocket();
        int calls = 0;
        SendBatch? batch = null;
        batch = new SendBatch(server, 16, SlotLength, (int start, int count, out int errno) =>
        {
            calls++;
            return batch!.TransmitNative(start, count, out errno);
        });

        for (int i = 0; i < 10; i++)
        {
            Assert.True(batch.TryAdd(new byte[] { (byte)i }, (i % 2 == 0 ? peerA : peerB).LocalEndPoint!.Serialize(), owner: null));
        }

        Assert.Equal(10, batch.Count);
        batch.Flush();

        Assert.Equal(1, calls);
        Assert.Equal(10, batch.Sent);
        Assert.Equal(0, batch.Count);
        Assert.Equal([0, 2, 4, 6, 8], await ReceiveFirstBytesAsync(peerA, 5));
        Assert.Equal([1, 3, 5, 7, 9], await ReceiveFirstBytesAsync(peerB, 5));
    }

    [LinuxFact]
    public async Task A_partial_sendmmsg_result_is_followed_by_calls_for_the_rest()
    {
        using var server = BoundSocket();
        using var peer = BoundSocket();
        var calls = new List<(int Start, int Count)>();
        SendBatch? batch = null;
        batch = new SendBatch(server, 16, SlotLength, (int start, int count, out int errno) =>
        {
            calls.Add((start, count));
            return batch!.TransmitNative(start, Math.Min(count, 3), out errno); // the kernel took only three
        }, segmentation: false);
        for (int i = 0; i < 10; i++)
        {
            batch.TryAdd(new byte[] { (byte)i }, peer.LocalEndPoint!.Serialize(), owner: null);
        }

        batch.Flush();

        Assert.Equal([(0, 10), (3, 7), (6, 4), (9, 1)], calls);
        Assert.Equal(10, batch.Sent);
        Assert.Equal(0, batch.Dropped);
        Assert.Equal([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], await ReceiveFirstBytesAsync(peer, 10));
    }

    [LinuxFact]
    public async Task When_the_kernel_has_no_buffer_space_the_rest_of_the_batch_is_dropped_and_counted_without_retrying()
    {
        using var server = BoundSocket();
        using var peer = BoundSocket();
        var owner = new TransportCounters();
        int calls = 0;
        SendBatch? batch = null;
        batch = new SendBatch(server, 16, SlotLength, (int start, int count, out int errno) =>
        {
            if (calls++ == 0)
            {
                return batch!.TransmitNative(start, 2, out errno);
            }

            errno = LinuxSocketNative.ENoBufs;
            return -1;
        }, segmentation: false);
        for (int i = 0; i < 10; i++)
        {
            batch.TryAdd(new byte[] { (byte)i }, peer.LocalEndPoint!.Serialize(), owner);
        }

        batch.Flush();

        Assert.Equal(2, calls);
        Assert.Equal(2, batch.Sent);
        Assert.Equal(8, batch.Dropped);
        Assert.Equal(8, owner.DropCount(DropReason.SendFailed));
        Assert.Equal([0, 1], await ReceiveFirstBytesAsync(peer, 2));
    }

    [LinuxFact]
    public async Task A_datagram_the_kernel_refuses_is_dropped_and_the_rest_still_go()
    {
        using var server = BoundSocket();
        using var peer = BoundSocket();
        var owner = new TransportCounters();
        SendBatch? batch = null;
        batch = new SendBatch(server, 16, SlotLength, (int start, int count, out int errno) =>
        {
            if (start == 3)
            {
                errno = 90; // EMSGSIZE for this one datagram
                return -1;
            }

            return batch!.TransmitNative(start, start < 3 ? 3 - start : count, out errno);
        }, segmentation: false);
        for (int i = 0; i < 6; i++)
        {
            batch.TryAdd(new byte[] { (byte)i }, peer.LocalEndPoint!.Serialize(), owner);
        }

        batch.Flush();

        Assert.Equal(5, batch.Sent);
        Assert.Equal(1, owner.DropCount(DropReason.SendFailed));
        Assert.Equal([0, 1, 2, 4, 5], await ReceiveFirstBytesAsync(peer, 5));
    }

    [LinuxFact]
    public async Task A_run_of_same_sized_datagrams_to_one_peer_leaves_as_one_segmented_message_and_arrives_as_the_original_datagrams()
    {
        using var server = BoundSocket();
        using var peerA = BoundSocket();
        using var peerB = BoundSocket();
        var batch = new SendBatch(server, 32, SlotLength);
        for (int i = 0; i < 10; i++)
        {
            var datagram = new byte[i == 9 ? 60 : 100]; // a frame: equal packets, a shorter last one
            datagram.AsSpan().Fill((byte)i);
            batch.TryAdd(datagram, peerA.LocalEndPoint!.Serialize(), owner: null);
        }

        for (int i = 0; i < 3; i++)
        {
            batch.TryAdd(new byte[] { (byte)(20 + i), 1, 2 }, peerB.LocalEndPoint!.Serialize(), owner: null);
        }

        batch.Flush();

        Assert.True(batch.Segmentation);
        Assert.Equal(13, batch.Sent);
        Assert.Equal(2, batch.Messages);
        var buffer = new byte[SlotLength];
        for (int i = 0; i < 10; i++)
        {
            int length = await peerA.ReceiveAsync(buffer, SocketFlags.None);
            Assert.Equal(i == 9 ? 60 : 100, length);
            Assert.All(buffer.AsSpan(0, length).ToArray(), b => Assert.Equal((byte)i, b));
        }

        Assert.Equal([20, 21, 22], await ReceiveFirstBytesAsync(peerB, 3));
    }

    [LinuxFact]
    public async Task Datagrams_too_large_for_a_typical_path_mtu_are_not_joined_into_segments()
    {
        using var server = BoundSocket();
        using var peer = BoundSocket();
        var batch = new SendBatch(server, 8, SlotLength);
        for (int i = 0; i < 3; i++)
        {
            batch.TryAdd(new byte[1500], peer.LocalEndPoint!.Serialize(), owner: null);
        }

        batch.Flush();

        Assert.Equal(3, batch.Messages);
        Assert.True(batch.Segmentation);
        Assert.Equal([0, 0, 0], await ReceiveFirstBytesAsync(peer, 3));
    }

    [LinuxFact]
    public async Task When_the_kernel_refuses_segmentation_the_rest_goes_one_datagram_per_message()
    {
        using var server = BoundSocket();
        using var peer = BoundSocket();
        int calls = 0;
        SendBatch? batch = null;
        batch = new SendBatch(server, 16, SlotLength, (int start, int count, out int errno) =>
        {
            if (calls++ == 0)
            {
                errno = 5; // EIO: the device cannot segment
                return -1;
            }

            return batch!.TransmitNative(start, count, out errno);
        });
        for (int i = 0; i < 10; i++)
        {
            batch.TryAdd(new byte[] { (byte)i, 0, 0, 0 }, peer.LocalEndPoint!.Serialize(), owner: null);
        }

        batch.Flush();

        Assert.False(batch.Segmentation);
        Assert.Equal(10, batch.Sent);
        Assert.Equal(10, batch.Messages);
        Assert.Equal(0, batch.Dropped);
        Assert.Equal([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], await ReceiveFirstBytesAsync(peer, 10));
    }

    [LinuxFact]
    public void A_full_batch_flushes_before_taking_another_datagram_and_oversized_ones_are_refused()
    {
        using var server = BoundSocket();
        using var peer = BoundSocket();
        var batch = new SendBatch(server, 4, 100, segmentation: false);
        var remote = peer.LocalEndPoint!.Serialize();
        for (int i = 0; i < 5; i++)
        {
            Assert.True(batch.TryAdd(new byte[10], remote, owner: null));
        }

        Assert.Equal(4, batch.Sent);
        Assert.Equal(1, batch.Count);
        Assert.False(batch.TryAdd(new byte[101], remote, owner: null)); // the caller sends it directly
        batch.Flush();
        Assert.Equal(5, batch.Sent);
    }

    [LinuxFact]
    public async Task Sends_on_the_thread_that_began_a_batch_are_held_until_it_ends_while_other_threads_send_at_once()
    {
        using var server = BoundSocket();
        using var peer = BoundSocket();
        var remote = peer.LocalEndPoint!.Serialize();
        var batch = new SendBatch(server, 8, SlotLength);

        batch.Begin();
        Assert.True(DatagramSend.SendTo(server, new byte[] { 1 }, remote));
        Assert.True(DatagramSend.SendTo(server, new byte[] { 2 }, remote));
        await Task.Run(() => DatagramSend.SendTo(server, new byte[] { 3 }, remote)); // a timer thread
        Assert.Equal(2, batch.Count);
        Assert.Equal([3], await ReceiveFirstBytesAsync(peer, 1));
        batch.End();

        Assert.Null(SendBatch.Current);
        Assert.Equal([1, 2], await ReceiveFirstBytesAsync(peer, 2));
    }

    [Theory]
    [MemberData(nameof(BatchedAndNot))]
    public async Task Every_echoed_packet_comes_back_with_batched_io_and_without(bool batched)
    {
        await using var server = StartServer(batched, receiveLoops: 1);
        await using var client = new WebRtcClientConnection(batchedIo: batched);
        Assert.Equal(batched && OperatingSystem.IsLinux(), server.UsesBatchedIo);
        Assert.Equal(batched && OperatingSystem.IsLinux(), client.UsesBatchedIo);
        var transport = await ConnectAsync(server, client);
        using var echo = new EchoReflector(transport);
        var received = new ConcurrentDictionary<ushort, byte>();
        client.RtpReceived += packet => received[BinaryPrimitives.ReadUInt16BigEndian(packet[2..])] = packet[^1];

        // Bursts of 20 (a frame's packets, and a receive batch on the server), sent both batched and one by one.
        await SendFramesAsync(client, frames: 25, packetsPerFrame: 20);

        await WebRtcTestFactory.EventuallyAsync(() => received.Count == 500, because: $"{received.Count} of 500 packets came back");
        var stats = transport.GetStats();
        Assert.Equal(500, stats.RtpPacketsIn);
        Assert.Equal(500, stats.RtpPacketsOut);
        Assert.Equal(0, stats.Drops[nameof(DropReason.SendFailed)]);
        Assert.Equal(0, server.BatchedSendDrops);
        Assert.Equal(0, client.GetStats().Drops[nameof(DropReason.SrtpUnprotectFailed)]);
    }

    [Theory]
    [MemberData(nameof(BatchedAndNot))]
    public async Task Several_receive_loops_on_one_port_serve_every_peer(bool batched)
    {
        await using var server = StartServer(batched, receiveLoops: 2);
        var clients = new List<WebRtcClientConnection>();
        var echoes = new List<EchoReflector>();
        try
        {
            var counts = new int[6];
            for (int i = 0; i < counts.Length; i++)
            {
                var client = new WebRtcClientConnection(batchedIo: batched);
                clients.Add(client);
                var transport = await ConnectAsync(server, client);
                echoes.Add(new EchoReflector(transport));
                int index = i;
                client.RtpReceived += _ => Interlocked.Increment(ref counts[index]);
            }

            foreach (var client in clients)
            {
                await SendFramesAsync(client, frames: 5, packetsPerFrame: 10);
            }

            await WebRtcTestFactory.EventuallyAsync(() => counts.All(count => Volatile.Read(ref count) == 50), because: $"echoed per peer: {string.Join(",", counts)}");
            Assert.All(server.Transports, transport => Assert.Equal(WebRtcTransportState.Connected, transport.State));
        }
        finally
        {
            echoes.ForEach(echo => echo.Dispose());
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    [Theory]
    [MemberData(nameof(BatchedAndNot))]
    public async Task Stopping_the_server_ends_its_receive_loops(bool batched)
    {
        var server = StartServer(batched, receiveLoops: 2);
        await Task.Delay(100); // the loops are blocked waiting for a first datagram

        var stopping = server.DisposeAsync().AsTask();

        Assert.Same(stopping, await Task.WhenAny(stopping, Task.Delay(TimeSpan.FromSeconds(10))));
        await stopping;
    }

    private static async Task SendFramesAsync(WebRtcClientConnection client, int frames, int packetsPerFrame)
    {
        var buffer = new byte[1500];
        int sequence = 0;
        for (int frame = 0; frame < frames; frame++)
        {
            using (frame % 2 == 0 ? client.BeginSendBatch() : default)
            {
                for (int i = 0; i < packetsPerFrame; i++, sequence++)
                {
                    var writer = new RtpPacketWriter(buffer, 96, (ushort)sequence, (uint)frame * 3000, 0xB00C, marker: i == packetsPerFrame - 1);
                    writer.BeginPayload(1000).Fill((byte)sequence);
                    Assert.True(client.SendRtp(writer.Written));
                }
            }

            await Task.Delay(2);
        }
    }

    private static WebRtcServer StartServer(bool batched, int receiveLoops)
    {
        var options = new MediaOptions { UdpPort = 0, BatchedIo = batched, ReceiveLoops = receiveLoops };
        options.AnnouncedAddresses.Add("127.0.0.1");
        return WebRtcServer.Start(options);
    }

    private static async Task<WebRtcTransport> ConnectAsync(WebRtcServer server, WebRtcClientConnection client)
    {
        var transport = server.CreateTransport(WebRtcTestFactory.Settings(client.Certificate, client.LocalIce.UsernameFragment));
        await client.ConnectAsync(
            [new IPEndPoint(IPAddress.Loopback, server.Port)], transport.LocalIce.UsernameFragment, transport.LocalIce.Password, transport.LocalFingerprint);
        await WebRtcTestFactory.EventuallyAsync(() => transport.State == WebRtcTransportState.Connected);
        return transport;
    }

    private static Socket BoundSocket()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }

    /// <summary>Waits until the kernel has queued at least <paramref name="bytes"/> bytes on <paramref name="socket"/>.</summary>
    private static void WaitUntilReadable(Socket socket, int bytes)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (socket.Available < bytes && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(5);
        }
    }

    private static async Task<byte[]> ReceiveFirstBytesAsync(Socket socket, int count)
    {
        var firstBytes = new byte[count];
        var buffer = new byte[SlotLength];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        for (int i = 0; i < count; i++)
        {
            int length = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            firstBytes[i] = length > 0 ? buffer[0] : (byte)0xFF;
        }

        return firstBytes;
    }
}
