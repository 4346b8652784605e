using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Parley.WebRtc.Transport;

namespace Parley.WebRtc.Io;

/// <summary>
/// Datagrams a receive loop's handlers send while it handles one receive batch, gathered and sent with one
/// sendmmsg(2) when the batch is done (or when the slab is full). While a batch is <see cref="Begin">begun</see> on
/// a thread, <see cref="Current"/> is this instance on that thread only, so sends from other threads (timers, API
/// calls) keep going straight out. Not thread-safe: one instance per loop, used by the thread that began it.
/// </summary>
internal sealed unsafe class SendBatch
{
    [ThreadStatic]
    private static SendBatch? t_current;

    private readonly int _slotLength;
    private readonly BatchTransmitter _transmit;

    // Owned by this batch (so by its loop thread), pinned on the POH because the headers point into them. Each
    // queued datagram is copied into its slot of `_slab` (the caller keeps its own buffer, as with Socket.SendTo),
    // its destination sockaddr into its slot of `_names`; both are reused after every flush.
    private readonly byte[] _slab;
    private readonly byte[] _names;
    private readonly IoVector[] _vectors;
    private readonly MultiMessageHeader[] _headers;

    // Whose counters a datagram the kernel refuses at flush time is charged to (null: the server's own sends).
    private readonly TransportCounters?[] _owners;
    private int _count;
    private long _sent;
    private long _dropped;

    public SendBatch(Socket socket, int capacity, int slotLength, BatchTransmitter? transmitter = null)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(slotLength);
        Socket = socket;
        Capacity = capacity;
        _slotLength = slotLength;
        _transmit = transmitter ?? TransmitNative;
        _slab = GC.AllocateArray<byte>(capacity * slotLength, pinned: true);
        _names = GC.AllocateArray<byte>(capacity * LinuxSocketNative.SockaddrStorageLength, pinned: true);
        _vectors = GC.AllocateArray<IoVector>(capacity, pinned: true);
        _headers = GC.AllocateArray<MultiMessageHeader>(capacity, pinned: true);
        _owners = new TransportCounters?[capacity];

        byte* slab = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_slab));
        byte* names = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_names));
        var vectors = (IoVector*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_vectors));
        for (int i = 0; i < capacity; i++)
        {
            vectors[i].Base = slab + ((nint)i * slotLength);
            ref var header = ref _headers[i].Header;
            header.Name = names + ((nint)i * LinuxSocketNative.SockaddrStorageLength);
            header.Vectors = vectors + i;
            header.VectorCount = 1;
        }
    }

    /// <summary>The batch begun on the calling thread, or null (then sends go straight to the socket).</summary>
    public static SendBatch? Current => t_current;

    /// <summary>The socket the batch is flushed to; only sends on this socket may join it.</summary>
    public Socket Socket { get; }

    public int Capacity { get; }

    /// <summary>Datagrams queued and not yet flushed.</summary>
    public int Count => _count;

    /// <summary>Datagrams the kernel accepted from this batch's flushes.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Datagrams queued here that the kernel refused (full buffers, errors); also counted per transport.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

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
    public bool TryAdd(ReadOnlySpan<byte> datagram, SocketAddress remote, TransportCounters? owner)
    {
        ArgumentNullException.ThrowIfNull(remote);
        if (datagram.Length > _slotLength || remote.Size > LinuxSocketNative.SockaddrStorageLength)
        {
            return false;
        }

        if (_count == Capacity)
        {
            Flush();
        }

        int index = _count++;
        datagram.CopyTo(_slab.AsSpan(index * _slotLength, _slotLength));
        remote.Buffer.Span[..remote.Size].CopyTo(_names.AsSpan(index * LinuxSocketNative.SockaddrStorageLength));
        _vectors[index].Length = (nuint)datagram.Length;
        _headers[index].Header.NameLength = (uint)remote.Size;
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
        int start = 0;
        try
        {
            while (start < _count)
            {
                int sent = _transmit(start, _count - start, out int errno);
                if (sent > 0)
                {
                    Interlocked.Add(ref _sent, sent);
                    start += Math.Min(sent, _count - start);
                    continue;
                }

                if (sent < 0 && errno == LinuxSocketNative.EIntr)
                {
                    continue;
                }

                if (sent < 0 && errno is LinuxSocketNative.EAgain or LinuxSocketNative.ENoBufs)
                {
                    DropRange(start, _count - start);
                    break;
                }

                // This datagram was refused (EMSGSIZE, EINVAL, an ICMP error reported on this call…), or the call
                // made no progress: drop it and carry on with the rest.
                DropRange(start, 1);
                start++;
            }
        }
        catch (ObjectDisposedException)
        {
            DropRange(start, _count - start); // the socket closed under us (server stopping)
        }
        finally
        {
            Array.Clear(_owners, 0, _count);
            _count = 0;
        }
    }

    /// <summary>Forgets what was queued without sending it (benchmarks measure everything up to the syscall).</summary>
    public void Discard()
    {
        Array.Clear(_owners, 0, _count);
        _count = 0;
    }

    /// <summary>The real transmitter: one sendmmsg(2) over messages [start, start + count).</summary>
    public int TransmitNative(int start, int count, out int errno)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start + count, _count);
        var headers = (MultiMessageHeader*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_headers));
        int sent = LinuxSocketNative.SendMessages(Socket.SafeHandle, headers + start, (uint)count, 0);
        errno = sent < 0 ? Marshal.GetLastPInvokeError() : 0;
        return sent;
    }

    private void DropRange(int start, int count)
    {
        for (int i = start; i < start + count; i++)
        {
            _owners[i]?.Drop(DropReason.SendFailed);
        }

        Interlocked.Add(ref _dropped, count);
    }
}
