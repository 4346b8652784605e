using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Parley.WebRtc.Io;

/// <summary>
/// Datagrams a receive loop's handlers send while it handles one receive batch, gathered and sent with one
/// sendmmsg(2) when the batch is done (or when the slab is full). While a batch is <see cref="Begin">begun</see> on
/// a thread, <see cref="Current"/> is this instance on that thread only, so sends from other threads (timers, API
/// calls) keep going straight out. Not thread-safe: one instance per loop, used by the thread that began it.
/// </summary>
/// <remarks>
/// With segmentation on, consecutive datagrams to the same address with the same length (the last of a run may be
/// shorter) — a video frame's packets — become one message with a UDP_SEGMENT control message (UDP GSO, Linux
/// 4.18+, udp(7)): the kernel routes and builds one large packet and cuts it into the original datagrams as late as
/// it can (in the NIC, or at the receiving socket on loopback), instead of walking the whole IP output path per
/// datagram. The receiver sees ordinary datagrams. If the kernel or device refuses segmentation, it is turned off
/// for this batch and the datagrams are sent one per message.
/// </remarks>
internal sealed unsafe class SendBatch
{
    [ThreadStatic]
    private static SendBatch? t_current;

    /// <summary>UDP_MAX_SEGMENTS of older kernels (newer ones allow 128).</summary>
    private const int MaxSegments = 64;

    /// <summary>
    /// Longest datagram joined into a segmented message: the kernel refuses (EINVAL) a segment larger than the path
    /// MTU allows, where a lone datagram would just be fragmented. 1,400 fits Ethernet's 1,500 with IPv6 headers.
    /// </summary>
    private const int MaxSegmentLength = 1400;

    /// <summary>Keeps a segmented message under the 65,507-byte UDP payload limit with room to spare.</summary>
    private const int MaxSegmentedBytes = 65_000;

    private const int SolUdp = 17;
    private const int UdpSegment = 103;
    private const int EIo = 5;
    private const int EInval = 22;
    private const int ENoProtoOpt = 92;
    private const int EOpNotSupp = 95;

    /// <summary>cmsghdr (cmsg_len, cmsg_level, cmsg_type) then the 2-byte segment size, padded: CMSG_SPACE(2).</summary>
    private static readonly int ControlHeaderLength = IntPtr.Size + 8;
    private static readonly int ControlSpace = (ControlHeaderLength + 2 + IntPtr.Size - 1) & ~(IntPtr.Size - 1);

    private readonly BatchTransmitter _transmit;

    // Owned by this batch (so by its loop thread). Each queued datagram is copied into its slot (the caller keeps
    // its own buffer, as with Socket.SendTo) and its destination sockaddr into the slot's name; the headers are
    // rebuilt from index 0 at every flush, so a message may span several slots. `_control` (pinned: headers point
    // into it) holds one UDP_SEGMENT control message per header.
    private readonly MessageSlots _slots;
    private readonly byte[] _control;

    // Per queued datagram: its sockaddr length. Per message built at flush: its first datagram and datagram count.
    private readonly int[] _nameLengths;
    private readonly int[] _messageFirst;
    private readonly int[] _messageCount;

    // Whose counters a datagram the kernel refuses at flush time is charged to (null: the server's own sends).
    private readonly ISendFailureCounter?[] _owners;
    private int _count;
    private long _sent;
    private long _dropped;
    private long _messages;
    private bool _segmentation;

    /// <param name="segmentation">Join same-sized runs to one peer into UDP GSO messages (see remarks).</param>
    public SendBatch(Socket socket, int capacity, int slotLength, BatchTransmitter? transmitter = null, bool segmentation = true)
    {
        ArgumentNullException.ThrowIfNull(socket);
        Socket = socket;
        _slots = new MessageSlots(capacity, slotLength);
        _transmit = transmitter ?? TransmitNative;
        _control = GC.AllocateArray<byte>(capacity * ControlSpace, pinned: true);
        _nameLengths = new int[capacity];
        _messageFirst = new int[capacity];
        _messageCount = new int[capacity];
        _owners = new ISendFailureCounter?[capacity];
        _segmentation = segmentation;
    }

    /// <summary>The batch begun on the calling thread, or null (then sends go straight to the socket).</summary>
    public static SendBatch? Current => t_current;

    /// <summary>The socket the batch is flushed to; only sends on this socket may join it.</summary>
    public Socket Socket { get; }

    public int Capacity => _slots.Capacity;

    /// <summary>Datagrams queued and not yet flushed.</summary>
    public int Count => _count;

    /// <summary>Datagrams the kernel accepted from this batch's flushes.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Datagrams queued here that the kernel refused (full buffers, errors); also counted per transport.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Messages (kernel sends) the datagrams went out in; fewer than <see cref="Sent"/> when segmentation joined runs.</summary>
    public long Messages => Interlocked.Read(ref _messages);

    /// <summary>Whether same-sized runs are still joined into UDP GSO messages (turned off if the kernel refuses).</summary>
    public bool Segmentation => _segmentation;

    /// <summary>Makes this the calling thread's <see cref="Current"/> batch.</summary>
    public void Begin() => t_current = this;

    /// <summary>Stops gathering on the calling thread and sends what was gathered.</summary>
    public void End()
    {
        t_current = null;
        Flush();
    }

    /// <summary>
    /// Copies <paramref name="datagram"/> for <paramref name="remote"/> into the batch (flushing first when it is
    /// full). False when it cannot join a batch (longer than a slot, or an address longer than a sockaddr_storage):
    /// the caller sends it directly.
    /// </summary>
    public bool TryAdd(ReadOnlySpan<byte> datagram, SocketAddress remote, ISendFailureCounter? owner)
    {
        ArgumentNullException.ThrowIfNull(remote);
        if (datagram.Length > _slots.SlotLength || remote.Size > LinuxSocketNative.SockaddrStorageLength)
        {
            return false;
        }

        if (_count == Capacity)
        {
            Flush();
        }

        int index = _count++;
        datagram.CopyTo(_slots.Slot(index));
        remote.Buffer.Span[..remote.Size].CopyTo(_slots.Name(index));
        _slots.Vector(index).Length = (nuint)datagram.Length;
        _nameLengths[index] = remote.Size;
        _owners[index] = owner;
        return true;
    }

    /// <summary>
    /// Sends everything queued: as many sendmmsg calls as partial results need. A datagram the kernel refuses is
    /// dropped and counted and the rest still go; when the kernel is out of buffer space (EAGAIN, ENOBUFS) the rest
    /// of the batch is dropped and counted rather than retried in a spin — a UDP sender cannot wait for room anyway.
    /// </summary>
    public void Flush()
    {
        if (_count == 0)
        {
            return;
        }

        int messages = BuildMessages(0);
        int start = 0; // the first message not yet sent
        try
        {
            while (start < messages)
            {
                int sent = _transmit(start, messages - start, out int errno);
                if (sent > 0)
                {
                    sent = Math.Min(sent, messages - start);
                    Interlocked.Add(ref _sent, DatagramsIn(start, sent));
                    Interlocked.Add(ref _messages, sent);
                    start += sent;
                    continue;
                }

                if (sent < 0 && errno == LinuxSocketNative.EIntr)
                {
                    continue;
                }

                if (sent < 0 && _messageCount[start] > 1 && errno is EIo or EInval or ENoProtoOpt or EOpNotSupp)
                {
                    // No segmentation here (old kernel, a device without checksum offload): resend from this message
                    // one datagram per message, and stop joining runs from now on.
                    _segmentation = false;
                    messages = BuildMessages(_messageFirst[start]);
                    start = 0;
                    continue;
                }

                if (sent < 0 && errno is LinuxSocketNative.EAgain or LinuxSocketNative.ENoBufs)
                {
                    DropRange(_messageFirst[start], _count - _messageFirst[start]);
                    break;
                }

                // This message was refused (EMSGSIZE, EINVAL, an ICMP error reported on this call…), or the call
                // made no progress: drop its datagrams and carry on with the rest.
                DropRange(_messageFirst[start], _messageCount[start]);
                start++;
            }
        }
        catch (ObjectDisposedException)
        {
            if (start < messages)
            {
                DropRange(_messageFirst[start], _count - _messageFirst[start]); // the socket closed under us
            }
        }
        finally
        {
            Array.Clear(_owners, 0, _count);
            _count = 0;
        }
    }

    /// <summary>The real transmitter: one sendmmsg(2) over messages [start, start + count) built by the flush.</summary>
    public int TransmitNative(int start, int count, out int errno)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start + count, _count);
        int sent = LinuxSocketNative.SendMessages(Socket.SafeHandle, _slots.HeaderAddress(start), (uint)count, 0);
        errno = sent < 0 ? Marshal.GetLastPInvokeError() : 0;
        return sent;
    }

    /// <summary>
    /// Builds the messages for datagrams <paramref name="firstDatagram"/> … end into the headers from index 0:
    /// one per datagram, or with segmentation one per run of same-length datagrams to one address. Returns the count.
    /// </summary>
    private int BuildMessages(int firstDatagram)
    {
        byte* control = MessageSlots.AddressOf(_control);
        int messages = 0;
        int datagram = firstDatagram;
        while (datagram < _count)
        {
            int run = _segmentation ? RunLength(datagram) : 1;
            ref var header = ref _slots.Header(messages).Header;
            header.Name = _slots.NameAddress(datagram);
            header.NameLength = (uint)_nameLengths[datagram];
            header.Vectors = _slots.VectorAddress(datagram);
            header.VectorCount = (nuint)run;
            if (run > 1)
            {
                // cmsghdr { cmsg_len = CMSG_LEN(2), cmsg_level = SOL_UDP, cmsg_type = UDP_SEGMENT } + segment size.
                byte* message = control + ((nint)messages * ControlSpace);
                *(nuint*)message = (nuint)(ControlHeaderLength + 2);
                *(int*)(message + IntPtr.Size) = SolUdp;
                *(int*)(message + IntPtr.Size + 4) = UdpSegment;
                *(ushort*)(message + ControlHeaderLength) = (ushort)_slots.Vector(datagram).Length;
                header.Control = message;
                header.ControlLength = (nuint)ControlSpace;
            }
            else
            {
                header.Control = null;
                header.ControlLength = 0;
            }

            _messageFirst[messages] = datagram;
            _messageCount[messages] = run;
            messages++;
            datagram += run;
        }

        return messages;
    }

    /// <summary>
    /// How many datagrams from <paramref name="first"/> can share one segmented message: same address, every one the
    /// first's length except a shorter last one (the kernel cuts at the first's length), within the segment and byte limits.
    /// </summary>
    private int RunLength(int first)
    {
        nuint segment = _slots.Vector(first).Length;
        if (segment > MaxSegmentLength)
        {
            return 1;
        }

        int nameLength = _nameLengths[first];
        var name = _slots.Name(first)[..nameLength];
        int run = 1;
        nuint total = segment;
        for (int next = first + 1; next < _count && run < MaxSegments; next++)
        {
            nuint length = _slots.Vector(next).Length;
            if (length > segment || length == 0 || total + length > MaxSegmentedBytes || _nameLengths[next] != nameLength
                || !name.SequenceEqual(_slots.Name(next)[..nameLength]))
            {
                break;
            }

            run++;
            total += length;
            if (length < segment)
            {
                break; // a shorter datagram can only be the last segment
            }
        }

        return run;
    }

    private int DatagramsIn(int firstMessage, int messageCount)
    {
        int datagrams = 0;
        for (int i = firstMessage; i < firstMessage + messageCount; i++)
        {
            datagrams += _messageCount[i];
        }

        return datagrams;
    }

    private void DropRange(int start, int count)
    {
        for (int i = start; i < start + count; i++)
        {
            _owners[i]?.CountSendFailure();
        }

        Interlocked.Add(ref _dropped, count);
    }
}
