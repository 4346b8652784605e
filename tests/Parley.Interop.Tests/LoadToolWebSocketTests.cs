using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Parley.Load.Common.Epoll;

namespace Parley.Interop.Tests;

/// <summary>
/// The load tool's own WebSocket client (<see cref="RawWebSocket"/> read by an <see cref="EpollReceiver"/>) against a
/// hand-written RFC 6455 server on loopback that writes frames in awkward pieces: the benchmark's delivery counts are
/// only as good as this parser. (Linux: the receiver uses epoll.)
/// </summary>
public sealed class LoadToolWebSocketTests
{
    [Fact]
    public async Task Frames_split_over_reads_or_joined_in_one_read_each_arrive_whole_and_in_order()
    {
        using var receiver = new EpollReceiver(threads: 1);
        var (server, client) = await ConnectAsync(receiver);
        using var serverSide = server;
        using var clientSide = client;
        var frames = new BlockingCollection<string>();
        client.TextFrame = payload => frames.Add(Encoding.UTF8.GetString(payload));

        var small = Frame(0x1, "t=1;small");
        var medium = Frame(0x1, new string('m', 300));      // 16-bit length
        var large = Frame(0x1, new string('L', 70_000));    // 64-bit length, larger than one read
        // The 101 is already read; now: one frame a byte at a time, two frames in one write, a large one in pieces.
        foreach (var b in small)
        {
            await server.SendAsync(new[] { b }, SocketFlags.None);
        }
        await server.SendAsync(medium.Concat(small).ToArray(), SocketFlags.None);
        for (var at = 0; at < large.Length; at += 9_999)
        {
            await server.SendAsync(large.AsMemory(at, Math.Min(9_999, large.Length - at)), SocketFlags.None);
        }

        Assert.Equal("t=1;small", Next(frames));
        Assert.Equal(new string('m', 300), Next(frames));
        Assert.Equal("t=1;small", Next(frames));
        Assert.Equal(new string('L', 70_000), Next(frames));
    }

    [Fact]
    public async Task A_ping_is_answered_with_a_pong_and_sent_text_is_masked()
    {
        using var receiver = new EpollReceiver(threads: 1);
        var (server, client) = await ConnectAsync(receiver);
        using var serverSide = server;
        using var clientSide = client;

        await server.SendAsync(Frame(0x9, "hi"), SocketFlags.None);
        var pong = await ReadAsync(server, 2 + 4 + 2);
        Assert.Equal(0x8A, pong[0]);
        Assert.Equal(0x80 | 2, pong[1]); // RFC 6455 §5.3: every client frame is masked
        Assert.Equal("hi"u8.ToArray(), Unmask(pong.AsSpan(2, 4), pong.AsSpan(6)));

        client.SendText("hello"u8);
        var text = await ReadAsync(server, 2 + 4 + 5);
        Assert.Equal(0x81, text[0]);
        Assert.Equal(0x80 | 5, text[1]);
        Assert.Equal("hello"u8.ToArray(), Unmask(text.AsSpan(2, 4), text.AsSpan(6)));
    }

    /// <summary>A loopback listener, the tool's client connecting to it, and the server's side having answered the handshake.</summary>
    private static async Task<(Socket Server, RawWebSocket Client)> ConnectAsync(EpollReceiver receiver)
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        var accepting = listener.AcceptAsync();
        var connecting = RawWebSocket.ConnectAsync(new Uri($"ws://127.0.0.1:{port}/ws"), receiver, CancellationToken.None);
        var server = await accepting;
        await AnswerHandshakeAsync(server);
        return (server, await connecting);
    }

    private static string Next(BlockingCollection<string> frames) =>
        frames.TryTake(out var frame, TimeSpan.FromSeconds(20)) ? frame : throw new TimeoutException("no frame");

    private static async Task AnswerHandshakeAsync(Socket server)
    {
        var request = Encoding.ASCII.GetString(await ReadUntilAsync(server, "\r\n\r\n"u8.ToArray()));
        var key = request.Split("\r\n").Single(l => l.StartsWith("Sec-WebSocket-Key:", StringComparison.Ordinal))["Sec-WebSocket-Key:".Length..].Trim();
#pragma warning disable CA5350 // RFC 6455 §4.2.2
        var accept = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));
#pragma warning restore CA5350
        await server.SendAsync(Encoding.ASCII.GetBytes(
            $"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\n\r\n"), SocketFlags.None);
    }

    private static byte[] Frame(int opcode, string text)
    {
        var payload = Encoding.UTF8.GetBytes(text);
        var header = payload.Length < 126 ? [(byte)(0x80 | opcode), (byte)payload.Length]
            : payload.Length <= ushort.MaxValue ? [(byte)(0x80 | opcode), 126, (byte)(payload.Length >> 8), (byte)payload.Length]
            : new byte[] { (byte)(0x80 | opcode), 127, 0, 0, 0, 0, (byte)(payload.Length >> 24), (byte)(payload.Length >> 16), (byte)(payload.Length >> 8), (byte)payload.Length };
        return [.. header, .. payload];
    }

    private static byte[] Unmask(ReadOnlySpan<byte> key, ReadOnlySpan<byte> masked)
    {
        var plain = new byte[masked.Length];
        for (var i = 0; i < masked.Length; i++)
        {
            plain[i] = (byte)(masked[i] ^ key[i % 4]);
        }
        return plain;
    }

    private static async Task<byte[]> ReadAsync(Socket socket, int count)
    {
        var data = new byte[count];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        for (var at = 0; at < count;)
        {
            var n = await socket.ReceiveAsync(data.AsMemory(at), SocketFlags.None, timeout.Token);
            Assert.NotEqual(0, n);
            at += n;
        }
        return data;
    }

    private static async Task<byte[]> ReadUntilAsync(Socket socket, byte[] end)
    {
        var data = new List<byte>();
        var one = new byte[1];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (data.Count < end.Length || !data.Skip(data.Count - end.Length).SequenceEqual(end))
        {
            Assert.Equal(1, await socket.ReceiveAsync(one, SocketFlags.None, timeout.Token));
            data.Add(one[0]);
        }
        return [.. data];
    }
}
