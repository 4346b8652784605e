using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Parley.WebRtc.Io;
using Parley.WebRtc.Transport;

namespace Parley.WebRtc.Tcp;

/// <summary>
/// One accepted ICE-TCP connection (RFC 6544, the server's passive end): reads RFC 4571 frames and hands each packet
/// to the port's demultiplexer, and is the <see cref="PeerPath"/> a transport sends over once its peer nominated it.
/// The first valid ICE check on the connection binds it to that check's transport (<see cref="TryBind"/>).
/// <para>
/// Buffer ownership: the connection's <see cref="Rfc4571FrameReader"/> owns the receive buffer (frames are handled,
/// and SRTP decrypted, in place, during the handler call only). Outgoing packets are framed into <c>_queued</c>,
/// owned by the connection and written under <c>_sendLock</c>; normally they leave at once with one non-blocking
/// send. When the kernel's send buffer is full, the rest waits there and one flush task at a time sends it from
/// <c>_inFlight</c> (swapped with <c>_queued</c> under the lock), so senders never block and a frame is never cut: a
/// packet that does not fit in <see cref="IceTcpOptions.SendBacklogBytes"/> is dropped whole.
/// </para>
/// </summary>
internal sealed class IceTcpConnection : PeerPath
{
    public const string ProtocolName = "tcp";

    private const int InitialSendBufferBytes = 8 * 1024;

    private readonly Socket _socket;
    private readonly IIceTcpConnectionOwner _owner;
    private readonly Rfc4571FrameReader _reader;
    private readonly int _maxBacklog;
    private readonly Lock _sendLock = new();

    // Frames waiting for the kernel, appended under _sendLock; and the buffer the flush task is sending from.
    private byte[] _queued = new byte[InitialSendBufferBytes];
    private byte[] _inFlight = new byte[InitialSendBufferBytes];
    private int _queuedLength;
    private bool _flushing;

    private WebRtcTransport? _transport;
    private int _closed;

    public IceTcpConnection(Socket socket, IIceTcpConnectionOwner owner, int maxFrameLength, int maxBacklog, long acceptedTimestamp)
    {
        _socket = socket;
        _owner = owner;
        _reader = new Rfc4571FrameReader(maxFrameLength);
        _maxBacklog = maxBacklog;
        AcceptedTimestamp = acceptedTimestamp;
        var remote = (IPEndPoint)socket.RemoteEndPoint!;
        RemoteIp = remote.Address.IsIPv4MappedToIPv6 ? remote.Address.MapToIPv4() : remote.Address;
        Address = remote.Serialize();
    }

    /// <summary>The peer's address and port (the connection's far end); never changes.</summary>
    public override SocketAddress Address { get; }

    public override string Protocol => ProtocolName;

    /// <summary>The peer's IP, IPv4-mapped addresses unmapped (the key of the per-address connection limit).</summary>
    public IPAddress RemoteIp { get; }

    /// <summary>When the connection was accepted (<see cref="TimeProvider.GetTimestamp"/> of the port's clock).</summary>
    public long AcceptedTimestamp { get; }

    /// <summary>The transport whose valid check arrived first on this connection; null until then.</summary>
    public WebRtcTransport? Transport => Volatile.Read(ref _transport);

    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <summary>
    /// Binds the connection to <paramref name="transport"/> (called with the first valid check); false when it is
    /// already bound to another one — one connection belongs to one candidate pair (RFC 6544 §7.1).
    /// </summary>
    public bool TryBind(WebRtcTransport transport)
    {
        var bound = Interlocked.CompareExchange(ref _transport, transport, null);
        return bound is null || ReferenceEquals(bound, transport);
    }

    /// <summary>Reads frames until the peer closes, the socket fails or <see cref="Close"/> is called; then closes.</summary>
    public async Task RunAsync()
    {
        try
        {
            while (true)
            {
                // The one receive buffer (see the class remarks); the previous read's frames were all handled.
                var memory = _reader.GetReceiveMemory();
                int received = await _socket.ReceiveAsync(memory, SocketFlags.None).ConfigureAwait(false);
                if (received == 0)
                {
                    break; // the peer closed its side
                }

                _reader.Advance(received);
                DispatchFrames();
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Reset by the peer, or closed by us (timeout, limit, the port stopping).
        }
        finally
        {
            Close();
        }
    }

    /// <summary>
    /// Frames <paramref name="packet"/> and sends it without blocking. True when it left or waits in the backlog; false
    /// when the connection is closed or the backlog is full (the packet is dropped whole and counted by the port).
    /// Safe from any thread; allocation-free unless the backlog has to grow or a flush task has to start.
    /// </summary>
    public override bool Send(ReadOnlySpan<byte> packet, ISendFailureCounter? owner)
    {
        if (packet.Length > ushort.MaxValue)
        {
            return false;
        }

        int frameLength = Rfc4571FrameReader.HeaderLength + packet.Length;
        lock (_sendLock)
        {
            if (IsClosed)
            {
                return false;
            }

            if (_queuedLength + frameLength > _maxBacklog)
            {
                _owner.OnBacklogDrop();
                return false;
            }

            EnsureQueueCapacity(_queuedLength + frameLength);
            BinaryPrimitives.WriteUInt16BigEndian(_queued.AsSpan(_queuedLength), (ushort)packet.Length);
            packet.CopyTo(_queued.AsSpan(_queuedLength + Rfc4571FrameReader.HeaderLength));
            _queuedLength += frameLength;
            if (_flushing)
            {
                return true; // the running flush takes it, after the frames queued before it
            }

            // The socket is non-blocking: this takes what the kernel's send buffer has room for, possibly nothing.
            int sent = _socket.Send(_queued, 0, _queuedLength, SocketFlags.None, out var error);
            if (error is not SocketError.Success and not SocketError.WouldBlock)
            {
                _queuedLength = 0;
                _ = Task.Run(Close); // not under the send lock: closing tells the transport, which may send
                return false;
            }

            if (error == SocketError.WouldBlock)
            {
                sent = 0;
            }

            if (sent == _queuedLength)
            {
                _queuedLength = 0;
                return true;
            }

            // The kernel took part of it: keep the rest in order and let one flush task write it out.
            _queued.AsSpan(sent, _queuedLength - sent).CopyTo(_queued);
            _queuedLength -= sent;
            _flushing = true;
        }

        _ = FlushAsync();
        return true;
    }

    /// <summary>Closes the socket and tells the port (once); safe to call from anywhere, more than once.</summary>
    public void Close()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        _socket.Dispose();
        Volatile.Read(ref _transport)?.OnConnectionClosed(this);
        _owner.OnClosed(this);
    }

    /// <summary>Hands every complete frame now buffered to the port; a handler's failure is reported and the next frame goes on.</summary>
    private void DispatchFrames()
    {
        long oversizedBefore = _reader.OversizedFrames;
        while (!IsClosed && _reader.TryReadFrame(out var frame))
        {
            try
            {
                _owner.OnFrame(frame, this);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                _owner.OnFrameFailed(ex);
            }
        }

        long oversized = _reader.OversizedFrames - oversizedBefore;
        if (oversized > 0)
        {
            _owner.OnOversizedFrames(oversized);
        }
    }

    private async Task FlushAsync()
    {
        try
        {
            while (true)
            {
                int length;
                lock (_sendLock)
                {
                    if (_queuedLength == 0 || IsClosed)
                    {
                        _flushing = false;
                        return;
                    }

                    (_queued, _inFlight) = (_inFlight, _queued);
                    length = _queuedLength;
                    _queuedLength = 0;
                }

                int offset = 0;
                while (offset < length)
                {
                    offset += await _socket.SendAsync(_inFlight.AsMemory(offset, length - offset), SocketFlags.None).ConfigureAwait(false);
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            Close();
        }
    }

    private void EnsureQueueCapacity(int needed)
    {
        if (needed <= _queued.Length)
        {
            return;
        }

        // Grows only while the peer reads slower than we send (at most to the backlog limit); steady state reuses it.
        var larger = new byte[Math.Min(_maxBacklog, Math.Max(needed, _queued.Length * 2))];
        _queued.AsSpan(0, _queuedLength).CopyTo(larger);
        _queued = larger;
    }
}
