using System.Buffers.Binary;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Parley.Load.Common.Epoll;

/// <summary>
/// A client WebSocket (RFC 6455) on a plain <see cref="Socket"/> whose reads are done by an <see cref="EpollReceiver"/>:
/// the handshake is written and checked by hand, frames are parsed from whatever byte runs arrive (several per read,
/// or one split over reads), and each complete text frame is handed to <see cref="TextFrame"/> on the receive thread.
/// Sends (rare in the load tool: requests, keep-alives) are whole masked frames written under a lock.
/// Buffers: a frame split over reads waits in this connection's own <c>_partial</c> buffer; complete frames inside a
/// read are handed over as spans of the receiver's buffer, so the steady path copies and allocates nothing.
/// </summary>
public sealed class RawWebSocket : IReceiveHandler, IDisposable
{
    private readonly Socket _socket;
    private readonly Lock _sendLock = new();
    private byte[] _partial = [];
    private int _partialLength;
    private readonly TaskCompletionSource _handshake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string? _expectedAccept;

    private RawWebSocket(Socket socket) => _socket = socket;

    /// <summary>Called with each complete text frame's payload, on the receive thread; valid only during the call.</summary>
    public delegate void TextFrameHandler(ReadOnlySpan<byte> payload);

    public TextFrameHandler? TextFrame { get; set; }

    /// <summary>Completes when the server closes the connection (null) or reading fails.</summary>
    public Action<Exception?>? Closed { get; set; }

    /// <summary>Connects to <paramref name="uri"/> (ws:// only), registers with <paramref name="receiver"/> and completes the handshake.</summary>
    public static async Task<RawWebSocket> ConnectAsync(Uri uri, EpollReceiver receiver, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            // Blocking connect and send on purpose: any async operation on a Socket registers it with .NET's own epoll
            // thread (edge-triggered), which would then wake for every frame that arrives as well (measured: 0.6 s of
            // that thread's CPU per 920,000 frames). On loopback a blocking connect takes microseconds.
            cancellationToken.ThrowIfCancellationRequested();
            socket.Connect(uri.Host, uri.Port);
            var connection = new RawWebSocket(socket);
            var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
            connection._expectedAccept = AcceptFor(key);
            receiver.Add(socket, connection);
            var request = $"GET {uri.PathAndQuery} HTTP/1.1\r\nHost: {uri.Authority}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
                $"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n";
            socket.Send(Encoding.ASCII.GetBytes(request));
            await connection._handshake.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Sends one text frame (masked, as RFC 6455 §5.3 requires of clients).</summary>
    public void SendText(ReadOnlySpan<byte> payload)
    {
        // Sends are rare in the load tool (requests, keep-alives), so a frame array per send is fine.
        var header = payload.Length < 126 ? 6 : payload.Length <= ushort.MaxValue ? 8 : 14;
        var frame = new byte[header + payload.Length];
        frame[0] = 0x81;
        if (payload.Length < 126)
        {
            frame[1] = (byte)(0x80 | payload.Length);
        }
        else if (payload.Length <= ushort.MaxValue)
        {
            frame[1] = 0x80 | 126;
            BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(2), (ushort)payload.Length);
        }
        else
        {
            frame[1] = 0x80 | 127;
            BinaryPrimitives.WriteUInt64BigEndian(frame.AsSpan(2), (ulong)payload.Length);
        }
        Mask(payload, frame.AsSpan(header - 4, 4), frame.AsSpan(header));
        lock (_sendLock)
        {
            _socket.Send(frame);
        }
    }

    public void OnReceived(ReadOnlySpan<byte> data)
    {
        if (_partialLength > 0)
        {
            Append(data);
            var consumed = _handshake.Task.IsCompleted ? ParseFrames(_partial.AsSpan(0, _partialLength)) : ParseHandshake(_partial.AsSpan(0, _partialLength));
            _partial.AsSpan(consumed, _partialLength - consumed).CopyTo(_partial);
            _partialLength -= consumed;
            return;
        }
        var used = _handshake.Task.IsCompleted ? ParseFrames(data) : ParseHandshake(data);
        if (used < data.Length)
        {
            Append(data[used..]);
        }
    }

    public void OnClosed(Exception? error)
    {
        _handshake.TrySetException(error ?? new IOException("The server closed the connection during the handshake."));
        Closed?.Invoke(error);
    }

    public void Dispose() => _socket.Dispose();

    /// <summary>The 101 response; returns the bytes it took (0 while incomplete).</summary>
    private int ParseHandshake(ReadOnlySpan<byte> data)
    {
        var end = data.IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            return 0;
        }
        var head = Encoding.ASCII.GetString(data[..end]);
        if (!head.StartsWith("HTTP/1.1 101", StringComparison.Ordinal) || !head.Contains(_expectedAccept!, StringComparison.Ordinal))
        {
            _handshake.TrySetException(new IOException("WebSocket handshake refused: " + head.Split("\r\n")[0]));
            return data.Length;
        }
        _handshake.TrySetResult();
        var used = end + 4;
        return used + ParseFrames(data[used..]);
    }

    /// <summary>Hands over every complete frame; returns the bytes consumed (an incomplete frame's start stays).</summary>
    private int ParseFrames(ReadOnlySpan<byte> data)
    {
        var at = 0;
        while (data.Length - at >= 2)
        {
            var frame = data[at..];
            var opcode = frame[0] & 0x0F;
            var masked = (frame[1] & 0x80) != 0;
            long length = frame[1] & 0x7F;
            var header = 2;
            if (length == 126)
            {
                if (frame.Length < 4)
                {
                    break;
                }
                length = BinaryPrimitives.ReadUInt16BigEndian(frame[2..]);
                header = 4;
            }
            else if (length == 127)
            {
                if (frame.Length < 10)
                {
                    break;
                }
                length = (long)BinaryPrimitives.ReadUInt64BigEndian(frame[2..]);
                header = 10;
            }
            if (masked)
            {
                header += 4; // servers do not mask (§5.1); accepted anyway, the load tool only scans text for markers
            }
            if (frame.Length - header < length)
            {
                break;
            }
            var payload = frame.Slice(header, (int)length);
            switch (opcode)
            {
                case 0x1:
                    TextFrame?.Invoke(payload);
                    break;
                case 0x9: // ping → pong with the same payload (§5.5.3)
                    SendControl(0x8A, payload);
                    break;
                case 0x8: // close → echo it (§5.5.1); the server then ends the TCP connection
                    SendControl(0x88, payload.Length >= 2 ? payload[..2] : []);
                    break;
                default:
                    break; // continuation/binary/pong: the server sends none of these to the load tool
            }
            at += header + (int)length;
        }
        return at;
    }

    private void SendControl(byte first, ReadOnlySpan<byte> payload)
    {
        Span<byte> frame = stackalloc byte[6 + 125];
        frame[0] = first;
        frame[1] = (byte)(0x80 | payload.Length);
        Mask(payload, frame.Slice(2, 4), frame.Slice(6, payload.Length));
        try
        {
            lock (_sendLock)
            {
                _socket.Send(frame[..(6 + payload.Length)]);
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // The connection is going away anyway.
        }
    }

    /// <summary>Writes a fresh masking key into <paramref name="key"/> and <paramref name="payload"/> masked with it into
    /// <paramref name="masked"/> (RFC 6455 §5.3: a new, unpredictable key per frame).</summary>
    private static void Mask(ReadOnlySpan<byte> payload, Span<byte> key, Span<byte> masked)
    {
        RandomNumberGenerator.Fill(key);
        for (var i = 0; i < payload.Length; i++)
        {
            masked[i] = (byte)(payload[i] ^ key[i & 3]);
        }
    }

    private void Append(ReadOnlySpan<byte> data)
    {
        if (_partial.Length - _partialLength < data.Length)
        {
            Array.Resize(ref _partial, Math.Max(_partial.Length * 2, _partialLength + data.Length + 4096));
        }
        data.CopyTo(_partial.AsSpan(_partialLength));
        _partialLength += data.Length;
    }

    private static string AcceptFor(string key)
    {
#pragma warning disable CA5350 // RFC 6455 §4.2.2 fixes SHA-1 for the accept value; nothing is protected by it.
        return Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));
#pragma warning restore CA5350
    }
}
